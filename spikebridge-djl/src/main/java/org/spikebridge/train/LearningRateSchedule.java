package org.spikebridge.train;

/**
 * The learning rate as a function of the iteration, so that a resumed run uses the same rate at the
 * same step.
 *
 * @param kind constant, step (×{@code gamma} every {@code stepEpochs} epochs) or cosine (to 0 at the
 *     last iteration)
 * @param base the initial learning rate
 * @param stepEpochs epochs between two decays of a step schedule
 * @param gamma decay factor of a step schedule
 */
public record LearningRateSchedule(Kind kind, double base, int stepEpochs, double gamma) {

  /** The shape of the schedule. */
  public enum Kind { CONSTANT, STEP, COSINE }

  /** The rate at iteration {@code iteration} (from 0) of {@code perEpoch × epochs} iterations. */
  public double at(long iteration, int perEpoch, int epochs) {
    return switch (kind) {
      case CONSTANT -> base;
      case STEP -> base * Math.pow(gamma, (double) (iteration / ((long) perEpoch * stepEpochs)));
      case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * iteration / ((double) perEpoch * epochs)));
    };
  }
}
