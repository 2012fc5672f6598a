package org.spikebridge.data;

import java.util.Objects;

/**
 * A batch of normalized images and their labels.
 *
 * @param images {@code size × channels × height × width} floats, NCHW order
 * @param labels one label per image
 * @param size number of images
 * @param channels channels per image
 * @param height rows per image
 * @param width columns per image
 */
public record Batch(float[] images, int[] labels, int size, int channels, int height, int width) {

  /** Checks the array lengths agree with the shape. */
  public Batch {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (labels.length != size || images.length != (long) size * channels * height * width) {
      throw new IllegalArgumentException("expected " + size + " labels and " + size + "×"
          + channels + "×" + height + "×" + width + " floats, found " + labels.length
          + " labels and " + images.length + " floats");
    }
  }

  /** The value of image {@code n}, channel {@code c}, row {@code y}, column {@code x}. */
  public float at(int n, int c, int y, int x) {
    return images[((n * channels + c) * height + y) * width + x];
  }
}
