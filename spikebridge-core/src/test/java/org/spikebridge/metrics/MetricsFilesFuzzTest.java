package org.spikebridge.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.Mutations;

/**
 * Mutated metrics.json files: refused with a FileFormatException naming the file, or read into
 * contents that write out again and read back the same.
 */
@Tag("fuzz")
class MetricsFilesFuzzTest {
  @TempDir Path tmp;

  @Test
  void mutatedMetricsAreRefusedOrRoundTrip() throws IOException {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("method", "rnl");
    run.put("seed", 7);
    run.put("versions", Map.of("spikebridge", "0.1.0"));
    run.put("command", List.of("simulate", "--out", "x"));
    OperationCounts counts = new OperationCounts(1000, 40, new double[] {3, 0.5}, new int[] {10, 4});
    FuzzCampaign.of("metrics.json", MetricsFiles::readContents)
        .mutate(".json", Mutations.json())
        .allow(FileFormatException.class)
        .check(MetricsFilesFuzzTest::writesAndReadsBack)
        .seed("hand case", seed(new MetricsFiles.Contents(HandCase.metrics(), 0.25, run,
            List.of(1.5, 2.0), new OperationCounts(500, 20, new double[] {2, 1}, new int[] {3, 2}))))
        .seed("no thresholds or operations", seed(new MetricsFiles.Contents(HandCase.metrics(),
            1e-9, Map.of(), List.of(), null)))
        .seed("NaN values", seed(new MetricsFiles.Contents(new SimulationMetrics(4, 2,
            List.of("a", "b"), 75.0, new double[] {50, 75}, new double[] {25, 100},
            new double[][] {{0.5, 0.25}, {Double.NaN, 0.125}}, new double[] {1, Double.NaN},
            new double[][] {{2, 1.5}, {0.5, 0}}), 0, run, List.of(Double.NaN, 1.0), counts)))
        .run(tmp);
  }

  private Map<String, byte[]> seed(MetricsFiles.Contents contents) throws IOException {
    Path dir = tmp.resolve("seed");
    MetricsFiles.write(contents, dir);
    return Map.of(MetricsFiles.METRICS, Files.readAllBytes(dir.resolve(MetricsFiles.METRICS)));
  }

  /** The contents write out (metrics.json and curves.csv) and read back as the same text. */
  private static void writesAndReadsBack(MetricsFiles.Contents contents, Path folder)
      throws IOException {
    String json = text(contents);
    Path copy = Files.createDirectories(folder.resolve("copy"));
    Files.writeString(copy.resolve(MetricsFiles.METRICS), json);
    String again = text(MetricsFiles.readContents(copy));
    if (!again.equals(json)) {
      throw new AssertionError("metrics read back differ:\n" + json + "\n" + again);
    }
  }

  private static String text(MetricsFiles.Contents c) {
    double[] power = c.metrics().power(c.alpha());
    MetricsFiles.csv(c.metrics(), power);
    return MetricsFiles.json(c, power);
  }
}
