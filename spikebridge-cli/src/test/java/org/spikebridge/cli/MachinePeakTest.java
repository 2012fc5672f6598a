package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachinePeakTest {

  /** Two AVX2 cores at 2.45 GHz: 2 × 8 lanes × 2 additions × 2.45·10⁹ = 7.84·10¹⁰ per second. */
  @Test
  void peakIsThreadsTimesLanesTimesTwoAdditionsTimesTheClock() {
    MachinePeak peak = new MachinePeak(2, 8, 2.45);
    assertThat(peak.additionsPerSecond()).isCloseTo(7.84e10, within(1e6));
    assertThat(peak.percent(3.92e9)).isEqualTo("5.0");
  }

  /** The highest "cpu MHz" of the file, in GHz; none (or no file) leaves the clock unknown. */
  @Test
  void clockIsTheHighestCpuMhzInCpuinfo(@TempDir Path dir) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\ncpu MHz\t\t: 2445.424\nflags\t: avx2\n\n"
        + "processor\t: 1\ncpu MHz\t\t: 3000.000\n");
    assertThat(MachinePeak.clockGigahertz(cpuinfo)).isCloseTo(3.0, within(1e-9));
    Files.writeString(cpuinfo, "processor\t: 0\nBogoMIPS\t: 50.00\n");
    assertThat(MachinePeak.clockGigahertz(cpuinfo)).isNaN();
    assertThat(MachinePeak.clockGigahertz(dir.resolve("absent"))).isNaN();
    assertThat(new MachinePeak(2, 8, Double.NaN).percent(1e9)).isEqualTo("?");
  }
}
