package org.spikebridge.train;

/** Hears how training goes, e.g. to draw a progress bar; every method does nothing by default. */
public interface TrainingListener {

  /** Epoch {@code epoch} of {@code epochs} starts, with {@code batches} batches. */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /** A batch finished; running means over the epoch so far. */
  default void batchFinished(double meanLoss, double accuracy, double imagesPerSecond) {}

  /** An epoch finished and was checkpointed. */
  default void epochFinished(EpochMetrics metrics) {}
}
