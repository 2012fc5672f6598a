package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;

/** What results.json may not hold, found by the fuzzer: each is one line naming the field. */
class ResultsFileTest {
  @TempDir Path dir;

  @Test
  void aProvenanceThatIsNotAnObjectIsNamed() throws IOException {
    Path file = written();
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("\"provenance\" : \\{", "\"provenance\" : false, \"x\" : {"));
    assertThatThrownBy(() -> ResultsFile.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": provenance: expected an object (how the results came about) or null, "
            + "found false");
  }

  /** 1e999 parsed as infinity, which no writer writes and the file could not hold again. */
  @Test
  void aNumberBeyondDoubleIsNamed() throws IOException {
    Path file = written();
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("\"omega\" : 1.5", "\"omega\" : 1e999"));
    assertThatThrownBy(() -> ResultsFile.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": methods[0].layers[0].omega: expected a finite number or null, "
            + "found Infinity");
  }

  private Path written() throws IOException {
    ResultsFile.write(HandMadeResults.all(), dir);
    return dir.resolve(ResultsFile.FILE);
  }
}
