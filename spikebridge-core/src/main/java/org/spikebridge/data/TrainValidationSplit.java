package org.spikebridge.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A training set split into a part to train on and a held-out validation part.
 *
 * @param train the images to train on
 * @param validation the held-out images; an empty {@link ImageSet} (size 0, same shape) when no
 *     validation set was asked for — never {@code null}
 */
public record TrainValidationSplit(ImageSet train, ImageSet validation) {

  /**
   * Holds out {@code validationSize} images of {@code full} chosen uniformly at random (a plain,
   * not class-stratified, sample) with {@code seed}. Both parts keep the images in their original
   * relative order, and together they are exactly {@code full}.
   *
   * @throws IllegalArgumentException if {@code validationSize} is negative or not smaller than
   *     {@code full.size()}
   */
  public static TrainValidationSplit of(ImageSet full, int validationSize, long seed) {
    if (validationSize < 0 || validationSize >= full.size()) {
      throw new IllegalArgumentException(full.name() + ": expected a validation size in [0, "
          + full.size() + "), found " + validationSize);
    }
    int n = full.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    // Partial Fisher–Yates: the first validationSize entries become a uniform random sample.
    for (int i = 0; i < validationSize; i++) {
      int j = i + random.nextInt(n - i);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    int[] validation = Arrays.copyOfRange(perm, 0, validationSize);
    int[] train = Arrays.copyOfRange(perm, validationSize, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new TrainValidationSplit(full.subset(train).withName(full.name() + "/train"),
        full.subset(validation).withName(full.name() + "/validation"));
  }
}
