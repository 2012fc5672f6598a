package org.spikebridge.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decoded images with their class labels. Pixels are unsigned bytes (read them with
 * {@code pixels[i] & 0xff}), stored image after image, each image as {@code channels} planes of
 * {@code height × width} (CHW order). An image set may be empty.
 *
 * <p>The arrays are not copied on construction; treat them as read-only. As for any record holding
 * arrays, {@code equals} compares the arrays by identity.
 *
 * @param name what the images are, e.g. {@code "fashion-mnist/train"}
 * @param channels colour planes per image (1 or 3)
 * @param height rows per plane
 * @param width columns per plane
 * @param numClasses labels lie in {@code [0, numClasses)}
 * @param pixels {@code size() * imageSize()} unsigned bytes
 * @param labels one label per image
 */
public record ImageSet(
    String name, int channels, int height, int width, int numClasses, byte[] pixels, int[] labels)
    implements Serializable {

  /** Checks that the shape is positive, the lengths agree and every label is a valid class. */
  public ImageSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(name + ": expected a positive image shape, found channels="
          + channels + ", height=" + height + ", width=" + width);
    }
    if (numClasses <= 0) {
      throw new IllegalArgumentException(name + ": expected numClasses > 0, found " + numClasses);
    }
    long expectedPixels = (long) labels.length * channels * height * width;
    if (pixels.length != expectedPixels) {
      throw new IllegalArgumentException(name + ": expected " + expectedPixels + " pixel bytes ("
          + labels.length + " images of " + channels + "×" + height + "×" + width + "), found "
          + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(name + ": expected label of image " + i + " in [0, "
            + numClasses + "), found " + labels[i]);
      }
    }
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }

  /** Bytes per image: {@code channels * height * width}. */
  public int imageSize() {
    return channels * height * width;
  }

  /** The pixel of image {@code image}, channel {@code c}, row {@code y}, column {@code x}, 0–255. */
  public int pixel(int image, int c, int y, int x) {
    return pixels[image * imageSize() + (c * height + y) * width + x] & 0xff;
  }

  /** A copy holding the images at {@code indices}, in that order (repeats allowed). */
  public ImageSet subset(int[] indices) {
    int n = imageSize();
    byte[] p = new byte[Math.multiplyExact(indices.length, n)];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int src = Objects.checkIndex(indices[i], size());
      System.arraycopy(pixels, src * n, p, i * n, n);
      l[i] = labels[src];
    }
    return new ImageSet(name, channels, height, width, numClasses, p, l);
  }

  /** The same images under another name. */
  public ImageSet withName(String newName) {
    return new ImageSet(newName, channels, height, width, numClasses, pixels, labels);
  }

  /** How many images carry each label, indexed by label. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  @Override
  public String toString() {
    return "ImageSet[" + name + ": " + size() + " images of " + channels + "×" + height + "×"
        + width + ", " + numClasses + " classes, counts " + Arrays.toString(classCounts()) + "]";
  }
}
