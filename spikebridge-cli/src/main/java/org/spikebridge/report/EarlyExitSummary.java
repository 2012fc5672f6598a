package org.spikebridge.report;

import java.util.Objects;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * One method simulated again with early exit, as the report's headline shows it next to the
 * method's fixed-T run.
 *
 * @param method the method, one of the run's
 * @param rule the early-exit rule as {@code EarlyExit.describe()} names it
 * @param timesteps T, the most steps an image could run
 * @param meanSteps the steps an image ran, on average
 * @param stepsFor95Percent the fewest steps within which 95 % of the images stopped
 * @param accuracy the accuracy of the images' classes at their own stops, in percent
 * @param spikesPerImage the spikes an image emitted up to its stop, on average
 */
public record EarlyExitSummary(String method, String rule, int timesteps, double meanSteps,
    int stepsFor95Percent, double accuracy, double spikesPerImage) {

  /** Checks the names and ranges. */
  public EarlyExitSummary {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rule, "rule");
    if (timesteps < 1 || !(meanSteps >= 1 && meanSteps <= timesteps) || stepsFor95Percent < 1
        || stepsFor95Percent > timesteps) {
      throw new IllegalArgumentException("early exit of " + method + ": expected 1 ≤ steps ≤ T = " + timesteps
          + ", found a mean of " + meanSteps + " and a 95th percentile of " + stepsFor95Percent);
    }
    if (!(accuracy >= 0 && accuracy <= 100) || !(spikesPerImage >= 0)) {
      throw new IllegalArgumentException("early exit of " + method + ": expected an accuracy in [0, 100] and "
          + "spikes ≥ 0, found " + accuracy + " and " + spikesPerImage);
    }
  }

  /** The summary of {@code metrics}, a run of {@code method} with the early exit {@code rule}. */
  public static EarlyExitSummary of(String method, String rule, SimulationMetrics metrics) {
    int t = metrics.timesteps();
    return new EarlyExitSummary(method, rule, t, metrics.meanSteps(), metrics.stepsForFraction(0.95),
        metrics.accuracyAt(t), metrics.spikesUpTo(t));
  }
}
