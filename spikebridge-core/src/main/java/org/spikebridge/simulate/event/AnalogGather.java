package org.spikebridge.simulate.event;

import java.util.Arrays;

/**
 * A {@link ConvolutionSynapses} map taken output pixel by output pixel, for analog values and for
 * a step's spikes counted per pooling window: each output's sum stays in a register while the
 * terms w·x of its non-zero inputs go by, instead of being loaded and stored once per input as the
 * spike scatter does. The terms of an output come in increasing input pixel, then input channel,
 * each a product then a sum. For analog values that is the order the scatter adds them in, so
 * every current is the scatter's float bit for bit; a step's window counts go by in the same
 * order (the scatter would take them in the order of their first spike, so currents can differ
 * from its in the last bits). A zero input adds nothing.
 *
 * <p>It takes the pooled input (after the tiling windows are summed or counted, or the source
 * itself without pooling) and reads the map's weights, laid out [c][ky][kx flipped][out]. In that
 * layout the taps of one kernel row read neighbouring input pixels, and the weight slice of input
 * (px, c) for output column ox is at c·(channel's weights) − px·C_out plus a shift that depends on
 * the kernel row and ox alone: so the non-zero inputs are listed once, and each kernel row of an
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
  /** Per pooled pixel, its column. */
  private final int[] columnOf;

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
    columnOf = new int[pixels];
    for (int p = 0; p < pixels; p++) {
      columnOf[p] = p % pooledWidth;
    }
  }

  /**
   * Adds the map of {@code pooled} ([pooled rows, pooled columns, C]) through {@code weights} to
   * {@code current} ([out rows, out columns, out channels]).
   */
  void add(float[] pooled, float[] weights, float[] current) {
    int[] first = new int[pixels + 1];
    int[] terms = new int[2 * pooled.length];
    int n = 0;
    for (int p = 0; p < pixels; p++) {
      first[p] = n;
      for (int c = 0; c < channels; c++) {
        float x = pooled[p * channels + c];
        if (x != 0f) {
          setTerm(terms, 0, n++, x, c, p);
        }
      }
    }
    first[pixels] = n;
    addRows(terms, 0, first, 0, weights, current);
  }

  /** The ints {@link #addCounts} needs after a map's window counts. */
  int scratchSize() {
    return pixels * words(channels) + pixels + 2 + 2 * pixels * channels;
  }

  /** Ints of a pixel's channel mask, a bit per channel. */
  static int words(int channels) {
    return (channels + Integer.SIZE - 1) / Integer.SIZE;
  }

  /**
   * Adds one step's spikes, counted per window and channel in {@code scratch[0 .. cells)} (cell =
   * pooled pixel · C + channel), each pixel's touched channels marked in a bit mask from {@code
   * scratch[cells]}: the step's pooled input, non-zero in those cells alone, taken in the analog
   * form's order (increasing pixel, then channel). Uses {@link #scratchSize} ints from {@code
   * scratch[cells]} and leaves them and the counts 0; returns the additions made.
   */
  long addCounts(int[] scratch, int cells, float[] weights, float[] current) {
    // after the counts: [channel masks, pixels · words][first, pixels + 1][terms]
    int words = words(channels);
    int first = cells + pixels * words;
    int terms = first + pixels + 1 + (first + pixels + 1) % 2;
    int n = 0;
    for (int p = 0; p < pixels; p++) {
      scratch[first + p] = n;
      for (int w = 0; w < words; w++) {
        int at = cells + p * words + w;
        for (int bits = scratch[at]; bits != 0; bits &= bits - 1) {
          int c = w * Integer.SIZE + Integer.numberOfTrailingZeros(bits);
          setTerm(scratch, terms, n++, scratch[p * channels + c], c, p);
          scratch[p * channels + c] = 0;
        }
        scratch[at] = 0;
      }
    }
    scratch[first + pixels] = n;
    long additions = addRows(scratch, terms / 2, scratch, first, weights, current);
    Arrays.fill(scratch, first, terms + 2 * n, 0);
    return additions;
  }

  /**
   * Term j of the list at {@code terms[at]}: value x of pooled pixel p, channel c, and where the
   * weights of that channel start for p's column, less the kernel row's shift.
   */
  private void setTerm(int[] terms, int at, int j, float x, int c, int p) {
    terms[at + 2 * j] = Float.floatToRawIntBits(x);
    terms[at + 2 * j + 1] = c * channelStride - columnOf[p] * outChannels;
  }

  /**
   * Adds every output pixel's kernel rows, pooled pixel p's terms being j = base + first[at + p]
   * to base + first[at + p + 1] − 1 of {@code terms}; returns the additions made.
   */
  private long addRows(int[] terms, int base, int[] first, int at, float[] weights, float[] current) {
    long additions = 0;
    for (int q = 0; q + 1 < firstRow.length; q++) {
      for (int r = firstRow[q]; r < firstRow[q + 1]; r++) {
        int from = base + first[at + rowFrom[r]];
        int to = base + first[at + rowTo[r]];
        WeightRuns.addProducts(terms, from, to, rowShift[r], weights, current, q * outChannels,
            outChannels);
        additions += (long) (to - from) * outChannels;
      }
    }
    return additions;
  }
}
