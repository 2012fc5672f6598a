package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The most float additions per second the event engine's threads could make: threads × SIMD lanes
 * × 2 vector additions per cycle (two floating-point add pipes, as current x86 cores have) × the
 * clock. The clock is the highest "cpu MHz" in /proc/cpuinfo (NaN where there is none). Operands in
 * L1 are assumed; a scatter also loads and stores, so real kernels reach a fraction of it.
 *
 * @param threads the threads doing additions
 * @param lanes floats per SIMD register the kernel uses
 * @param gigahertz the clock, NaN if unknown
 */
record MachinePeak(int threads, int lanes, double gigahertz) {
  /** Additions a core's add pipes issue per cycle, per lane. */
  static final int ADDS_PER_CYCLE = 2;

  /** The peak of this machine, its clock read from /proc/cpuinfo. */
  static MachinePeak of(int threads, int lanes) {
    return new MachinePeak(threads, lanes, clockGigahertz(Path.of("/proc/cpuinfo")));
  }

  /** The highest "cpu MHz" in a /proc/cpuinfo file, in GHz; NaN if it has none or cannot be read. */
  static double clockGigahertz(Path cpuinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return lines.stream().filter(l -> l.startsWith("cpu MHz") && l.contains(":"))
        .mapToDouble(l -> parseOrNaN(l.substring(l.indexOf(':') + 1).trim()) / 1000)
        .filter(g -> !Double.isNaN(g)).max().orElse(Double.NaN);
  }

  /** Float additions per second at the peak. */
  double additionsPerSecond() {
    return threads * (double) lanes * ADDS_PER_CYCLE * gigahertz * 1e9;
  }

  /** {@code perSecond} as a percentage of the peak, "?" when the clock is unknown. */
  String percent(double perSecond) {
    return Double.isNaN(gigahertz) ? "?" : String.format("%.1f", 100 * perSecond / additionsPerSecond());
  }

  /** One line naming the peak and how it was reckoned. */
  String describe() {
    return String.format("peak additions: %d threads × %d lanes × %d per cycle × %s GHz = %s/s", threads, lanes,
        ADDS_PER_CYCLE, Double.isNaN(gigahertz) ? "?" : String.format("%.2f", gigahertz),
        Double.isNaN(gigahertz) ? "?" : String.format("%.3e", additionsPerSecond()));
  }

  private static double parseOrNaN(String number) {
    try {
      return Double.parseDouble(number);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
