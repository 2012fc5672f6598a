package org.spikebridge.fuzz;

import java.util.Locale;

/**
 * What a campaign did.
 *
 * @param reader the reader's name
 * @param cases the mutated cases run
 * @param loaded cases the reader loaded and that passed the check
 * @param refused cases the reader refused with an allowed exception
 * @param disallowed cases with any other outcome
 * @param seconds wall time of the seeds and cases
 * @param cpuSeconds CPU time of the seeds and cases: making them, writing them, reading them
 */
public record FuzzReport(String reader, int cases, int loaded, int refused, int disallowed,
    double seconds, double cpuSeconds) {

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "fuzz %s: %d cases in %.1f s (%.1f s CPU): %d loaded, "
        + "%d refused, %d disallowed", reader, cases, seconds, cpuSeconds, loaded, refused,
        disallowed);
  }
}
