package org.spikebridge.spark;

import java.io.Serializable;

/**
 * What one sweep cell gave: the accuracies and spikes at T when it ran, or why it failed, or that
 * it has not run yet.
 *
 * @param cell the cell
 * @param status {@code ok}, {@code failed} or {@code missing}
 * @param error the failure's message; empty unless failed
 * @param annAccuracy the converted network's accuracy read as rates, percent (NaN unless ok)
 * @param accuracy the spiking network's accuracy at T, percent (NaN unless ok)
 * @param spikesPerImage spikes per image up to T (NaN unless ok)
 * @param seconds conversion and simulation time (NaN unless ok)
 */
public record SweepResult(SweepCell cell, String status, String error, double annAccuracy, double accuracy,
    double spikesPerImage, double seconds) implements Serializable {
  /** The status of a cell that ran. */
  public static final String OK = "ok";
  /** The status of a cell that threw. */
  public static final String FAILED = "failed";
  /** The status of a cell that has not run. */
  public static final String MISSING = "missing";

  /** The result of a cell that failed with {@code error}. */
  static SweepResult failed(SweepCell cell, Throwable error) {
    return new SweepResult(cell, FAILED, error.getClass().getSimpleName() + ": " + error.getMessage(), Double.NaN,
        Double.NaN, Double.NaN, Double.NaN);
  }

  /** The result of a cell that has not run yet. */
  static SweepResult missing(SweepCell cell) {
    return new SweepResult(cell, MISSING, "", Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Whether the cell ran to the end. */
  public boolean ok() {
    return OK.equals(status);
  }
}
