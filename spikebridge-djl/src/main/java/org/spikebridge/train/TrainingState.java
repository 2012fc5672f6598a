package org.spikebridge.train;

import java.util.List;

/**
 * Where a run stands after a completed epoch: saved with each checkpoint so that {@code --resume}
 * continues exactly.
 *
 * @param epoch the last completed epoch
 * @param config the run's settings
 * @param bestEpoch the epoch with the best validation accuracy so far
 * @param bestValidationAccuracy that accuracy, in percent
 * @param history the metrics of every completed epoch
 */
public record TrainingState(int epoch, TrainingConfig config, int bestEpoch,
    double bestValidationAccuracy, List<EpochMetrics> history) {

  /** Copies the history. */
  public TrainingState {
    history = List.copyOf(history);
  }
}
