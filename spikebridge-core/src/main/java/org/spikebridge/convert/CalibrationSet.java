package org.spikebridge.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.files.Sha256;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Normalized images on which the data-based conversion methods observe the ANN's activations to
 * pick thresholds: a seeded sample of the <em>training</em> split (never the test set, whose
 * accuracy the converted network is judged by).
 *
 * <p>The set remembers the per-channel maxima of the last network it was passed over
 * ({@link #channelMaxima}), so that the data-based methods converting one network (as
 * {@code compare} does: Max Norm, Robust Norm, scaled Max Norm and Channel Norm all start from
 * them) share one pass over the images instead of making one each. Treat the images as
 * read-only.
 */
public final class CalibrationSet {
  /** Floats of a parameter digested at a time. */
  private static final int DIGEST_CHUNK = 1 << 14;

  private final float[] images;
  private final int n;
  private final int channels;
  private final int height;
  private final int width;
  /** The digest of the network and layers of {@link #maxima}; null before the first pass. */
  private byte[] maximaOf;
  private Map<String, float[]> maxima;

  /**
   * {@code n} images, image after image, each {@code channels × height × width} in row-major
   * (CHW) order, already normalized as the network's input expects; checks that the shape is
   * positive and that the array holds exactly {@code n} images.
   */
  public CalibrationSet(float[] images, int n, int channels, int height, int width) {
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
    this.images = images;
    this.n = n;
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /** The images, image after image (the array itself: do not change it). */
  public float[] images() {
    return images;
  }

  /** Number of images (at least 1). */
  public int n() {
    return n;
  }

  /** The shape of one image: [channels, height, width]. */
  public TensorShape shape() {
    return TensorShape.of(channels, height, width);
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

  /**
   * The per-channel maxima of {@code layers} of {@code network} on these images: those of the
   * last call when it was for a network of the same architecture and weights (compared by a
   * SHA-256 digest of both) and the same layers, else what {@code pass} computes, which is then
   * remembered instead. Each call gets its own copy.
   */
  synchronized Map<String, float[]> channelMaxima(Network network, List<String> layers,
      Supplier<Map<String, float[]>> pass) {
    byte[] digest = digest(network, layers);
    if (!Arrays.equals(digest, maximaOf)) {
      maxima = copy(pass.get());
      maximaOf = digest;
    }
    return copy(maxima);
  }

  private static Map<String, float[]> copy(Map<String, float[]> values) {
    Map<String, float[]> out = new LinkedHashMap<>();
    values.forEach((layer, v) -> out.put(layer, v.clone()));
    return out;
  }

  /** SHA-256 of the architecture (every layer's settings), every parameter by name, and the layers. */
  private static byte[] digest(Network network, List<String> layers) {
    MessageDigest sha = Sha256.digest();
    ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * DIGEST_CHUNK);
    sha.update((network.architecture() + "\n" + layers).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Tensor> p : new TreeMap<>(network.parameters()).entrySet()) {
      float[] data = p.getValue().data();
      sha.update(("\n" + p.getKey() + p.getValue().shape()).getBytes(StandardCharsets.UTF_8));
      for (int from = 0; from < data.length; from += DIGEST_CHUNK) {
        int count = Math.min(DIGEST_CHUNK, data.length - from);
        chunk.clear();
        chunk.asFloatBuffer().put(data, from, count);
        sha.update(chunk.array(), 0, Float.BYTES * count);
      }
    }
    return sha.digest();
  }
}
