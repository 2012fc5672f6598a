package org.spikebridge.data;

import java.util.Objects;

/**
 * How an {@link ImageSet} is cut into batches.
 *
 * @param batchSize images per batch (the last batch may be smaller unless {@code dropLast})
 * @param normalization applied to every pixel
 * @param shuffle whether each epoch visits the images in a seeded random order
 * @param augmentation applied to every image, or {@code null} for none
 * @param dropLast whether to drop a last batch smaller than {@code batchSize}
 * @param seed seed of the shuffling and augmentation
 */
public record BatchOptions(int batchSize, Normalization normalization, boolean shuffle,
    Augmentation augmentation, boolean dropLast, long seed) {

  /** Checks the batch size is positive and a normalization is given. */
  public BatchOptions {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("expected batchSize > 0, found " + batchSize);
    }
    Objects.requireNonNull(normalization, "normalization");
  }

  /** Evaluation batches: in order, no augmentation, last batch kept. */
  public static BatchOptions evaluation(int batchSize, Normalization normalization) {
    return new BatchOptions(batchSize, normalization, false, null, false, 0);
  }

  /** Training batches: shuffled with {@code seed}, with {@code augmentation} (may be null). */
  public static BatchOptions training(int batchSize, Normalization normalization,
      Augmentation augmentation, long seed) {
    return new BatchOptions(batchSize, normalization, true, augmentation, false, seed);
  }

  /** The same options with {@code dropLast} set. */
  public BatchOptions withDropLast(boolean drop) {
    return new BatchOptions(batchSize, normalization, shuffle, augmentation, drop, seed);
  }
}
