package org.spikebridge.metrics;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * A short fixed-width table of a simulation for the terminal, in the manner of the paper's Table 2
 * (instant accuracy at latency T): one row per chosen step with the accuracy at that step, the
 * agreement with the ANN and the spikes per image spent up to it, then the ANN's accuracy and the
 * first step within 1 point of it. Lines end with {@code \n}. Example:
 *
 * <pre>
 *     T  accuracy %  agreement %  spikes/image
 *     1       50.00        60.00          12.5
 *     3       80.00        90.00          40.0
 * ANN accuracy: 80.00 %
 * first T within 1 point of the ANN: 3
 * </pre>
 */
public final class SummaryTable {
  private static final String ROW = "%5s  %10s  %11s  %12s\n";

  private SummaryTable() {}

  /**
   * The table for {@code steps} (each ≥ 1; steps beyond T are skipped, in the given order
   * otherwise).
   */
  public static String format(SimulationMetrics m, int[] steps) {
    double[] agreement = m.agreement();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, ROW, "T", "accuracy %", "agreement %", "spikes/image"));
    for (int t : steps) {
      if (t < 1) {
        throw new IllegalArgumentException("summary steps must be at least 1, found " + t);
      }
      if (t > m.timesteps()) {
        continue;
      }
      out.append(String.format(Locale.ROOT, ROW, t,
          String.format(Locale.ROOT, "%.2f", m.accuracyAt(t)),
          String.format(Locale.ROOT, "%.2f", agreement[t - 1]),
          String.format(Locale.ROOT, "%.1f", m.spikesUpTo(t))));
    }
    out.append(String.format(Locale.ROOT, "ANN accuracy: %.2f %%\n", m.annAccuracy()));
    OptionalInt within = m.firstStepWithin(1);
    out.append("first T within 1 point of the ANN: ")
        .append(within.isPresent() ? Integer.toString(within.getAsInt())
            : "not within T_max = " + m.timesteps())
        .append('\n');
    return out.toString();
  }
}
