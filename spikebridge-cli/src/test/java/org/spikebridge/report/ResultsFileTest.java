package org.spikebridge.report;

import static org.assertj.core.api.Assertions.assertThat;
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

  /**
   * The early-exit run of a method goes into results.json and back, and into the report's headline
   * beside the method's run to T (rnl+ril's hand-made run: 90 % at T = 16, 15 · 16 spikes per image).
   */
  @Test
  void anEarlyExitRunRoundTripsAndIsShownBesideTheRunToT() throws IOException {
    EarlyExitSummary exit = new EarlyExitSummary("rnl+ril", "exact", HandMadeResults.T, 9.25, 14, 90, 130.5);
    DemoResults results = HandMadeResults.all().withEarlyExit(exit);
    ResultsFile.write(results, dir);
    assertThat(ResultsFile.read(dir).earlyExit()).isEqualTo(exit);
    String md = ReportRenderer.markdown(results);
    assertThat(md).contains("### Early exit").contains("| steps per image, mean | 16 | 9.3 |")
        .contains("| steps within which 95 % of images stop | 16 | 14 |")
        .contains("| spikes per image (Eq. 14's energy in units of α) | 240.0 | 130.5 |");
    assertThat(ReportRenderer.markdown(HandMadeResults.all())).doesNotContain("Early exit");
    assertThatThrownBy(() -> HandMadeResults.all().withEarlyExit(new EarlyExitSummary("nothing", "exact",
        HandMadeResults.T, 9, 14, 90, 1))).hasMessageContaining("expected one of the methods");
  }

  private Path written() throws IOException {
    ResultsFile.write(HandMadeResults.all(), dir);
    return dir.resolve(ResultsFile.FILE);
  }
}
