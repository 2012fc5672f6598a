package org.spikebridge.simulate.event;

/**
 * The analog form of a {@link ConvolutionSynapses} map taken output pixel by output pixel: each
 * output's sum stays in a register while the terms w·x of its non-zero inputs go by, instead of
 * being loaded and stored once per input as the spike scatter does. The terms of an output come
 * in the scatter's order (input pixel, then input channel, increasing), each a product then a sum,
 * so every current is the scatter's float bit for bit; a zero input adds nothing, as in the
 * scatter.
 *
 * <p>It takes the pooled input (after the tiling windows are summed, or the source itself without
 * pooling) and reads the map's weights, laid out [c][ky][kx flipped][out]. In that layout the taps
 * of one kernel row read neighbouring input pixels, and the weight slice of input (px, c) for
 * output column ox is at c·(channel's weights) − px·C_out plus a shift that depends on the kernel
 * row and ox alone: so the non-zero inputs are listed once per image, and each kernel row of an
 * output pixel is one run of that list. It pays where the weights stay in cache: every output
 * pixel reads the weights of all its taps.
 */
final class AnalogGather {
  private final int pooledWidth;
  private final int pixels;
  private final int channels;
  private final int outChannels;
  private final int channelStride;
  /** Per output pixel q, its kernel rows inside the input, firstRow[q] to firstRow[q + 1] − 1. */
  private final int[] firstRow;
  /** Per kernel row, its input pixels rowFrom to rowTo − 1 and the shift of their weights. */
  private final int[] rowFrom;
  private final int[] rowTo;
  private final int[] rowShift;

  /** The gather of a map of {@code geometry}. */
  AnalogGather(ConvolutionSynapses.Geometry g) {
    pooledWidth = g.pooledWidth();
    pixels = g.pooledHeight() * pooledWidth;
    channels = g.channels();
    outChannels = g.outChannels();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    channelStride = kh * kw * outChannels;
    int outPixels = g.outHeight() * g.outWidth();
    firstRow = new int[outPixels + 1];
    rowFrom = new int[outPixels * kh];
    rowTo = new int[rowFrom.length];
    rowShift = new int[rowFrom.length];
    int rows = 0;
    for (int q = 0; q < outPixels; q++) {
      firstRow[q] = rows;
      int oy = q / g.outWidth();
      int left = q % g.outWidth() * g.strideWidth() - g.padLeft();
      int pxFrom = Math.max(0, left);
      int pxTo = Math.min(pooledWidth, left + kw);
      for (int ky = 0; ky < kh && pxFrom < pxTo; ky++) {
        int py = oy * g.stride() - g.padding() + ky;
        if (py >= 0 && py < g.pooledHeight()) {
          rowFrom[rows] = py * pooledWidth + pxFrom;
          rowTo[rows] = py * pooledWidth + pxTo;
          // tap kx = px − left sits at (ky·kw + kw − 1 − kx)·C_out
          rowShift[rows++] = (ky * kw + kw - 1 + left) * outChannels;
        }
      }
    }
    firstRow[outPixels] = rows;
  }

  /**
   * Adds the map of {@code pooled} ([pooled rows, pooled columns, C]) through {@code weights} to
   * {@code current} ([out rows, out columns, out channels]).
   */
  void add(float[] pooled, float[] weights, float[] current) {
    // the non-zero inputs of pixel p: value and weightAt from first[p] to first[p + 1] − 1
    int[] first = new int[pixels + 1];
    float[] value = new float[pooled.length];
    int[] weightAt = new int[pooled.length];
    int n = 0;
    for (int p = 0; p < pixels; p++) {
      first[p] = n;
      int column = p % pooledWidth * outChannels;
      for (int c = 0; c < channels; c++) {
        float x = pooled[p * channels + c];
        if (x != 0f) {
          value[n] = x;
          weightAt[n++] = c * channelStride - column;
        }
      }
    }
    first[pixels] = n;
    for (int q = 0; q + 1 < firstRow.length; q++) {
      for (int r = firstRow[q]; r < firstRow[q + 1]; r++) {
        WeightRuns.addProducts(value, weightAt, first[rowFrom[r]], first[rowTo[r]], rowShift[r],
            weights, current, q * outChannels, outChannels);
      }
    }
  }
}
