package org.spikebridge.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.Mutations;

/**
 * Mutated results.json files: refused with a FileFormatException naming the file, or read into
 * results whose derived numbers (what the report shows) are computed and that write out and read
 * back as the same text.
 */
@Tag("fuzz")
class ResultsFileFuzzTest {
  @TempDir Path tmp;

  @Test
  void mutatedResultsAreRefusedOrRoundTrip() throws IOException {
    FuzzCampaign.of("results.json", ResultsFile::read)
        .mutate(".json", Mutations.json())
        .allow(FileFormatException.class)
        .check(ResultsFileFuzzTest::writesAndReadsBack)
        .seed("three methods", seed(HandMadeResults.all()))
        .seed("one method", seed(HandMadeResults.results(HandMadeResults.robust())))
        .run(tmp);
  }

  private static Map<String, byte[]> seed(DemoResults results) {
    return Map.of(ResultsFile.FILE, ResultsFile.json(results).getBytes(StandardCharsets.UTF_8));
  }

  private static void writesAndReadsBack(DemoResults results, Path folder) throws IOException {
    String json = ResultsFile.json(results);
    Path copy = Files.createDirectories(folder.resolve("copy"));
    Files.writeString(copy.resolve(ResultsFile.FILE), json);
    String again = ResultsFile.json(ResultsFile.read(copy));
    if (!again.equals(json)) {
      throw new AssertionError("results read back differ:\n" + json + "\n" + again);
    }
  }
}
