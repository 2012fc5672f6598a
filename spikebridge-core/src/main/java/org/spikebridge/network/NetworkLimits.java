package org.spikebridge.network;

/**
 * Bounds that a network description must keep, so that a small hostile file cannot make SpikeBridge
 * hang, overflow its stack or exhaust its memory. Each is far beyond any real network (VGG-19 or a
 * ResNet-152 on 224 × 224 images included); they are checked when an {@link Architecture} is built,
 * before any weight is read; a network beyond one is refused with one line naming the layer.
 *
 * <p>Sliding windows (Conv2d, AvgPool2d, MaxPool2d) are also bounded by their input, along each
 * axis of extent E (its height or width): the kernel k must fit the padded input (k ≤ E plus the
 * two pads), and each pad must be at most E — the zero padding of a Pad node is never wider than
 * the map it pads — or, for a convolution, at most k − 1 (a "full" convolution, whose kernel the
 * weights file holds). A max pool's pads are also at most k / 2, PyTorch's rule, so that every
 * window holds a neuron. A pooling window, which no weights bound, thus never exceeds 3·E.
 */
public final class NetworkLimits {
  /** The most layers a network may have: a ResNet-152 has about 500. */
  public static final int MAX_LAYERS = 10_000;

  /** The most inputs a layer may read (an Add may name one input several times). */
  public static final int MAX_INPUTS = 64;

  /**
   * The most values one layer may output for one image (2²⁶, 256 MiB of floats); VGG's largest
   * activation on a 224 × 224 image has 3.2 million.
   */
  public static final long MAX_ELEMENTS = 1L << 26;

  /**
   * The most values all layers together (the input included) may output for one image (2²⁸,
   * 1 GiB of floats); the zoo's pre-activation ResNet-34, made for 32 × 32 images, has 166 million
   * on 224 × 224 ones, its batch normalization and activation layers counted apart.
   */
  public static final long MAX_TOTAL_ELEMENTS = 1L << 28;

  private NetworkLimits() {}

  /**
   * Checks the pads {@code before} and {@code after} of {@code layer}'s window of {@code kernel}
   * along an axis of input extent {@code extent} against the bounds above; a
   * {@link ShapeException} naming the layer otherwise.
   */
  static void checkPadding(Layer layer, int extent, int kernel, int before, int after) {
    int pad = Math.max(before, after);
    String bound;
    long most;
    if (layer instanceof Layer.Conv2d) {
      most = Math.max(extent, kernel - 1L);
      bound = "the input's extent " + extent + " or the kernel " + kernel + " − 1";
    } else if (layer instanceof Layer.MaxPool2d) {
      most = Math.min(extent, kernel / 2);
      bound = "the input's extent " + extent + " and half the kernel " + kernel;
    } else {
      most = extent;
      bound = "the input's extent " + extent;
    }
    if (pad > most) {
      throw new ShapeException(layer, "padding of at most " + bound, "padding " + pad);
    }
  }

  /**
   * Checks the output shape {@code shape} of {@code layer} against {@link #MAX_ELEMENTS}, and the
   * values of the layers up to it, {@code total}, against {@link #MAX_TOTAL_ELEMENTS}; a
   * {@link ShapeException} naming the layer if either is larger.
   */
  static void checkElements(Layer layer, TensorShape shape, long total) {
    if (shape.size() > MAX_ELEMENTS) {
      throw new ShapeException(layer, "at most " + MAX_ELEMENTS + " output values per image (a "
          + "limit no real network reaches)", shape + ", " + shape.size() + " values");
    }
    if (total > MAX_TOTAL_ELEMENTS) {
      throw new ShapeException(layer, "at most " + MAX_TOTAL_ELEMENTS + " values per image in "
          + "the layers up to it (a limit no real network reaches)", total + " values");
    }
  }
}
