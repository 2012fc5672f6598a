package org.spikebridge.simulate.event;

/**
 * An optional average pooling followed by a convolution (a Linear layer is the convolution whose
 * kernel covers its whole input), as one synaptic map scattered by source neuron: a spike at
 * (c, y, x) adds, for every pooling window holding (y, x) and every kernel tap (ky, kx) that reaches
 * an output (oy, ox), the weight slice w[·, c, ky, kx] / k_pool² to the currents of all output
 * channels at (oy, ox). The weights are stored as [c][ky][kx][out] with the pooling divisor folded
 * in, so that the innermost loop runs over contiguous output channels and vectorizes.
 *
 * <p>Pooling follows PyTorch's AvgPool2d with {@code count_include_pad=True} (divisor k_pool²)
 * and floor rounding of the output size; the convolution is a zero-padded cross-correlation.
 */
public final class ConvolutionSynapses implements Synapses {

  /**
   * The shapes of a pooled convolution.
   *
   * @param channels source channels C
   * @param height source rows H
   * @param width source columns W
   * @param poolKernel pooling window k_pool (1 without pooling)
   * @param poolStride pooling stride (1 without pooling)
   * @param poolPadding pooling padding (0 without pooling)
   * @param kernelHeight convolution kernel rows
   * @param kernelWidth convolution kernel columns
   * @param stride convolution stride
   * @param padding convolution zero padding
   * @param outChannels output channels (output features of a Linear layer)
   */
  public record Geometry(int channels, int height, int width, int poolKernel, int poolStride,
      int poolPadding, int kernelHeight, int kernelWidth, int stride, int padding, int outChannels) {

    /** Checks that every size is positive and the kernel fits the padded pooled input. */
    public Geometry {
      if (channels <= 0 || height <= 0 || width <= 0 || poolKernel <= 0 || poolStride <= 0
          || poolPadding < 0 || kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0 || padding < 0
          || outChannels <= 0) {
        throw new IllegalArgumentException("convolution geometry with a non-positive size: " + this);
      }
    }

    /** A Linear layer's map on a [C, H, W] source (a [F] source is [F, 1, 1]), after optional pooling. */
    static Geometry linear(int channels, int height, int width, int poolKernel, int poolStride,
        int poolPadding, int outFeatures) {
      int ph = (height + 2 * poolPadding - poolKernel) / poolStride + 1;
      int pw = (width + 2 * poolPadding - poolKernel) / poolStride + 1;
      return new Geometry(channels, height, width, poolKernel, poolStride, poolPadding, ph, pw, 1, 0,
          outFeatures);
    }

    /** Rows after pooling. */
    public int pooledHeight() {
      return (height + 2 * poolPadding - poolKernel) / poolStride + 1;
    }

    /** Columns after pooling. */
    public int pooledWidth() {
      return (width + 2 * poolPadding - poolKernel) / poolStride + 1;
    }

    /** Output rows. */
    public int outHeight() {
      return (pooledHeight() + 2 * padding - kernelHeight) / stride + 1;
    }

    /** Output columns. */
    public int outWidth() {
      return (pooledWidth() + 2 * padding - kernelWidth) / stride + 1;
    }
  }

  private final Geometry geometry;
  private final float[] weights;
  private final int channels;
  private final int width;
  private final int poolKernel;
  private final int poolStride;
  private final int poolPadding;
  private final int pooledHeight;
  private final int pooledWidth;
  private final int kernelHeight;
  private final int kernelWidth;
  private final int stride;
  private final int padding;
  private final int outChannels;
  private final int outHeight;
  private final int outWidth;

  /**
   * The map of {@code geometry} with PyTorch's weight layout [out][c][ky][kx] (for a Linear layer:
   * [out][in] with in = (c·H + y)·W + x over the pooled source, the same thing).
   */
  public ConvolutionSynapses(Geometry geometry, float[] weight) {
    this.geometry = geometry;
    channels = geometry.channels();
    width = geometry.width();
    poolKernel = geometry.poolKernel();
    poolStride = geometry.poolStride();
    poolPadding = geometry.poolPadding();
    pooledHeight = geometry.pooledHeight();
    pooledWidth = geometry.pooledWidth();
    kernelHeight = geometry.kernelHeight();
    kernelWidth = geometry.kernelWidth();
    stride = geometry.stride();
    padding = geometry.padding();
    outChannels = geometry.outChannels();
    outHeight = geometry.outHeight();
    outWidth = geometry.outWidth();
    if (pooledHeight <= 0 || pooledWidth <= 0 || outHeight <= 0 || outWidth <= 0) {
      throw new IllegalArgumentException("convolution geometry leaves no output: " + geometry);
    }
    int fanIn = channels * kernelHeight * kernelWidth;
    if (weight.length != fanIn * outChannels) {
      throw new IllegalArgumentException("expected " + outChannels + "×" + fanIn + " weights for "
          + geometry + ", found " + weight.length);
    }
    float divisor = poolKernel * poolKernel;
    weights = new float[weight.length];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < fanIn; i++) {
        weights[i * outChannels + o] = weight[o * fanIn + i] / divisor;
      }
    }
  }

  /** The shapes of this map. */
  public Geometry geometry() {
    return geometry;
  }

  @Override
  public int sourceSize() {
    return channels * geometry.height() * width;
  }

  @Override
  public int targetSize() {
    return outChannels * outHeight * outWidth;
  }

  @Override
  public long addSpikes(int[] spikes, int count, float[] current) {
    long additions = 0;
    for (int i = 0; i < count; i++) {
      additions += fanOut(spikes[i], 1f, current);
    }
    return additions;
  }

  @Override
  public void addValues(float[] values, float[] current) {
    for (int s = 0; s < values.length; s++) {
      if (values[s] != 0f) {
        fanOut(s, values[s], current);
      }
    }
  }

  /** Adds {@code value} × the fan-out of source neuron {@code s}; returns the additions done. */
  private long fanOut(int s, float value, float[] current) {
    int c = s % channels;
    int pixel = s / channels;
    int y = pixel / width;
    int x = pixel % width;
    int pyLo = Math.max(0, ceilDiv(y + poolPadding - poolKernel + 1, poolStride));
    int pyHi = Math.min(pooledHeight - 1, (y + poolPadding) / poolStride);
    int pxLo = Math.max(0, ceilDiv(x + poolPadding - poolKernel + 1, poolStride));
    int pxHi = Math.min(pooledWidth - 1, (x + poolPadding) / poolStride);
    long additions = 0;
    for (int py = pyLo; py <= pyHi; py++) {
      for (int px = pxLo; px <= pxHi; px++) {
        additions += taps(c, py, px, value, current);
      }
    }
    return additions;
  }

  /** Adds the kernel taps of pooled source (c, py, px) into the outputs they reach. */
  private long taps(int c, int py, int px, float value, float[] current) {
    int kyLo = Math.max(0, py + padding - (outHeight - 1) * stride);
    int kyHi = Math.min(kernelHeight - 1, py + padding);
    int kxLo = Math.max(0, px + padding - (outWidth - 1) * stride);
    int kxHi = Math.min(kernelWidth - 1, px + padding);
    long additions = 0;
    for (int ky = kyLo; ky <= kyHi; ky++) {
      int rows = py + padding - ky;
      if (rows % stride != 0) {
        continue;
      }
      int oy = rows / stride;
      for (int kx = kxLo; kx <= kxHi; kx++) {
        int cols = px + padding - kx;
        if (cols % stride != 0) {
          continue;
        }
        int w0 = ((c * kernelHeight + ky) * kernelWidth + kx) * outChannels;
        int o0 = (oy * outWidth + cols / stride) * outChannels;
        if (value == 1f) {
          addColumn(weights, w0, current, o0, outChannels);
        } else {
          addScaledColumn(weights, w0, value, current, o0, outChannels);
        }
        additions += outChannels;
      }
    }
    return additions;
  }

  /** current[o0 + o] += weights[w0 + o] for o < n: the event kernel, additions only. */
  static void addColumn(float[] weights, int w0, float[] current, int o0, int n) {
    for (int o = 0; o < n; o++) {
      current[o0 + o] += weights[w0 + o];
    }
  }

  private static void addScaledColumn(float[] weights, int w0, float value, float[] current, int o0,
      int n) {
    for (int o = 0; o < n; o++) {
      current[o0 + o] += value * weights[w0 + o];
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
