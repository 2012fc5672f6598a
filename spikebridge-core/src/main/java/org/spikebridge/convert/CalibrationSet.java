package org.spikebridge.convert;

import java.util.Objects;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;

/**
 * Normalized images on which the data-based conversion methods observe the ANN's activations to
 * pick thresholds: a seeded sample of the <em>training</em> split (never the test set, whose
 * accuracy the converted network is judged by).
 *
 * <p>As for any record holding an array, {@code equals} compares the array by identity; treat it
 * as read-only.
 *
 * @param images {@code n} images, image after image, each {@code channels × height × width} in
 *     row-major (CHW) order, already normalized as the network's input expects
 * @param n number of images (at least 1)
 * @param channels colour planes per image
 * @param height rows per plane
 * @param width columns per plane
 */
public record CalibrationSet(float[] images, int n, int channels, int height, int width) {

  /** Checks that the shape is positive and that the array holds exactly {@code n} images. */
  public CalibrationSet {
    Objects.requireNonNull(images, "images");
    if (n <= 0 || channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("expected a calibration set of at least one image of a "
          + "positive shape, found n=" + n + ", channels=" + channels + ", height=" + height
          + ", width=" + width);
    }
    long expected = (long) n * channels * height * width;
    if (images.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " values (" + n + " images of "
          + channels + "×" + height + "×" + width + "), found " + images.length);
    }
  }

  /** Values per image: {@code channels · height · width}. */
  public int imageSize() {
    return channels * height * width;
  }

  /**
   * The images {@code from} (inclusive) to {@code to} (exclusive), image after image (a copy).
   */
  public float[] slice(int from, int to) {
    if (from < 0 || to > n || from > to) {
      throw new IndexOutOfBoundsException("images [" + from + ", " + to + ") of " + n);
    }
    float[] out = new float[(to - from) * imageSize()];
    System.arraycopy(images, from * imageSize(), out, 0, out.length);
    return out;
  }

  /**
   * A seeded sample of {@code size} images of {@code set} (all of them when it has fewer),
   * normalized with {@code normalization}: the first {@code size} of the shuffled order
   * {@link BatchIterator#order BatchIterator.order(set.size(), true, seed, 0)}, in that order.
   *
   * @param set the training split
   * @param normalization the input normalization the network was trained with
   * @param size how many images, at least 1
   * @param seed the seed of the shuffle
   */
  public static CalibrationSet sample(ImageSet set, Normalization normalization, int size,
      long seed) {
    if (size <= 0) {
      throw new IllegalArgumentException("expected a calibration size of at least 1, found " + size);
    }
    if (set.size() == 0) {
      throw new IllegalArgumentException(set.name() + " holds no images to calibrate with");
    }
    if (normalization.channels() != set.channels()) {
      throw new IllegalArgumentException("normalization for " + normalization.channels()
          + " channel(s) but " + set.name() + " has " + set.channels());
    }
    int n = Math.min(size, set.size());
    int[] order = BatchIterator.order(set.size(), true, seed, 0);
    int per = set.imageSize();
    int plane = set.height() * set.width();
    float[] images = new float[n * per];
    for (int i = 0; i < n; i++) {
      int src = order[i] * per;
      for (int k = 0; k < per; k++) {
        images[i * per + k] = normalization.apply(k / plane, set.pixels()[src + k] & 0xff);
      }
    }
    return new CalibrationSet(images, n, set.channels(), set.height(), set.width());
  }
}
