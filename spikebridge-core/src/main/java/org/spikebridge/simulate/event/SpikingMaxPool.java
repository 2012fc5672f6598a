package org.spikebridge.simulate.event;

import java.util.Arrays;

/**
 * Spiking max pooling by gating (Rueckauer et al. 2017) between an integrate-and-fire layer and
 * the maps that read it, as {@link org.spikebridge.network.Layer.MaxPool2d} defines it: at step t
 * each window of each channel passes on the step-t spike of its <em>winner</em>, the neuron with
 * the most spikes over steps 1..t (step t included), the first in row-major order among equals,
 * never a padding position. Source and output are laid out channels-last, as everywhere in this
 * engine; within a channel, row-major order is the order of the neuron indices.
 *
 * <p>Event-driven: a silent neuron's count stays put while the winner's can only grow, so a
 * silent neuron cannot overtake it; the winner at t is the best of the winner at t − 1 and the
 * window's neurons that spike at t. A spike therefore updates only the windows that hold it, and a
 * step costs its spikes times the windows per neuron (one when the windows tile the layer). The
 * winners are per-image state kept by the caller, like the membranes; the spike counts are those
 * the caller keeps for its source layer anyway.
 *
 * <p>PyTorch's geometry: square windows of side {@code kernel} every {@code stride} neurons on the
 * source padded by {@code padding}, floor rounding of the output size.
 */
final class SpikingMaxPool {
  /** Scratch mark of a window touched at this step whose winner did not spike. */
  private static final int SILENT = 1;
  /** Scratch mark of a window touched at this step whose winner spiked. */
  private static final int FIRED = 2;

  private final int index;
  private final int source;
  private final int channels;
  private final int height;
  private final int width;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outHeight;
  private final int outWidth;
  /** The windows holding source pixel p: window[firstWindow[p]] to window[firstWindow[p + 1] − 1]. */
  private final int[] firstWindow;
  private final int[] window;

  /**
   * The max pooling of spiking layer {@code source} of [channels, height, width], the network's
   * max pool number {@code index}.
   */
  SpikingMaxPool(int index, int source, int channels, int height, int width, int kernel, int stride,
      int padding) {
    if (channels <= 0 || height <= 0 || width <= 0 || kernel <= 0 || stride <= 0 || padding < 0
        || 2 * padding > kernel) {
      throw new IllegalArgumentException("max pooling of [" + channels + ", " + height + ", " + width
          + "] with kernel " + kernel + ", stride " + stride + " and padding " + padding
          + ": sizes must be positive and the padding at most half the kernel");
    }
    this.index = index;
    this.source = source;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    outHeight = (height + 2 * padding - kernel) / stride + 1;
    outWidth = (width + 2 * padding - kernel) / stride + 1;
    if (outHeight <= 0 || outWidth <= 0) {
      throw new IllegalArgumentException("max pooling with kernel " + kernel + " leaves no output of ["
          + height + ", " + width + "]");
    }
    firstWindow = new int[height * width + 1];
    forEachPixel((w, p) -> firstWindow[p + 1]++);
    for (int p = 0; p < height * width; p++) {
      firstWindow[p + 1] += firstWindow[p];
    }
    window = new int[firstWindow[height * width]];
    int[] filled = Arrays.copyOf(firstWindow, height * width);
    forEachPixel((w, p) -> window[filled[p]++] = w);
  }

  /** Its position among the network's max pools. */
  int index() {
    return index;
  }

  /** The spiking layer whose spikes it gates. */
  int source() {
    return source;
  }

  /** The number of outputs: channels × output rows × output columns. */
  int size() {
    return channels * outHeight * outWidth;
  }

  /** The length of the scratch array {@link #gate} needs. */
  int scratchSize() {
    return 2 * size();
  }

  /** Sets every window's winner to its first real neuron, as before step 1: no spike yet. */
  void start(int[] winner) {
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) {
        int first = Math.max(0, oy * stride - padding) * width + Math.max(0, ox * stride - padding);
        for (int c = 0; c < channels; c++) {
          winner[(oy * outWidth + ox) * channels + c] = first * channels + c;
        }
      }
    }
  }

  /**
   * Step t: updates the winners with the source's spikes of this step and writes the outputs whose
   * winner spiked to {@code gated}.
   *
   * @param spikes the source neurons that spike at t, {@code spikes[0..count)}
   * @param counts every source neuron's spikes over steps 1..t
   * @param winner every output's winner, updated from t − 1 to t
   * @param scratch {@link #scratchSize()} ints, all 0, left all 0
   * @param gated receives the outputs that spike at t
   * @return the number of outputs that spike
   */
  int gate(int[] spikes, int count, int[] counts, int[] winner, int[] scratch, int[] gated) {
    int cells = size();
    int touched = 0;
    for (int i = 0; i < count; i++) {
      int s = spikes[i];
      int pixel = s / channels;
      int c = s - pixel * channels;
      for (int k = firstWindow[pixel]; k < firstWindow[pixel + 1]; k++) {
        int cell = window[k] * channels + c;
        if (scratch[cell] == 0) {
          scratch[cell] = SILENT;
          scratch[cells + touched++] = cell;
        }
        int w = winner[cell];
        // s wins with more spikes, or as many and before w (s = w: the winner itself spiked)
        if (counts[s] > counts[w] || (counts[s] == counts[w] && s <= w)) {
          winner[cell] = s;
          scratch[cell] = FIRED;
        }
      }
    }
    int n = 0;
    for (int i = 0; i < touched; i++) {
      int cell = scratch[cells + i];
      if (scratch[cell] == FIRED) {
        gated[n++] = cell;
      }
      scratch[cell] = 0;
    }
    return n;
  }

  /** The max pooling of {@code values}, one per source neuron: the analog pass. */
  float[] pool(float[] values) {
    float[] out = new float[size()];
    Arrays.fill(out, Float.NEGATIVE_INFINITY);
    forEachPixel((w, p) -> {
      for (int c = 0; c < channels; c++) {
        out[w * channels + c] = Math.max(out[w * channels + c], values[p * channels + c]);
      }
    });
    return out;
  }

  /** Calls {@code action} with (window, pixel) for every source pixel of every window. */
  private void forEachPixel(WindowPixel action) {
    for (int oy = 0; oy < outHeight; oy++) {
      int top = oy * stride - padding;
      for (int ox = 0; ox < outWidth; ox++) {
        int left = ox * stride - padding;
        for (int y = Math.max(0, top); y < Math.min(height, top + kernel); y++) {
          for (int x = Math.max(0, left); x < Math.min(width, left + kernel); x++) {
            action.accept(oy * outWidth + ox, y * width + x);
          }
        }
      }
    }
  }

  /** A (window, source pixel) pair. */
  @FunctionalInterface
  private interface WindowPixel {
    void accept(int window, int pixel);
  }
}
