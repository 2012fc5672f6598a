package org.spikebridge.train;

/** Hears how stage 2 goes, e.g. to draw a progress bar; every method does nothing by default. */
public interface StageTwoListener {

  /** Epoch {@code epoch} of {@code epochs} starts, with {@code batches} batches. */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /** A batch finished; running means over the epoch so far of the loss (Eq. 13) and of Ω. */
  default void batchFinished(double meanLoss, double meanOmega, double imagesPerSecond) {}

  /** A validation measurement finished (and was saved if {@code m.folder()} is not null). */
  default void measured(StageTwoTraining.Measurement m) {}
}
