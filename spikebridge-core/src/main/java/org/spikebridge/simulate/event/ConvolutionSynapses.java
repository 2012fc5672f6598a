package org.spikebridge.simulate.event;

import java.util.Arrays;

/**
 * An optional average pooling followed by a convolution (a Linear layer is the convolution whose
 * kernel covers its whole input), as one synaptic map scattered by source neuron: a spike at
 * (c, y, x) adds, for every pooling window holding (y, x) and every kernel tap (ky, kx) that reaches
 * an output (oy, ox), the weight slice w[·, c, ky, kx] / k_pool² to the currents of all output
 * channels at (oy, ox). The weights are stored as [c][ky][kx flipped][out] with the pooling divisor
 * folded in: with stride 1, the taps of one kernel row then reach one contiguous run of outputs
 * (ox increasing, all channels) from one contiguous run of weights, a loop long enough to
 * vectorize. These runs depend on the source pixel (y, x) alone, not on its channel: they are
 * listed once per pixel when the map is built, so a spike costs its additions and little else.
 *
 * <p>When the pooling windows tile the source (stride = window, no padding), the spikes of one step
 * are first counted per window and channel: k spikes in one window share its runs, added once with
 * weight k (one multiplication per addition when k &gt; 1, instead of k additions). Neighbouring
 * neurons under the same current fire at the same steps, so this saves much of the first layer's
 * scatter. Analog values are likewise summed per window. Where a source pixel has enough channels
 * and the weights stay in cache, both then go to the outputs by {@link AnalogGather}, each output
 * summing its terms in registers (cnn7's conv2: 13 % less time for a whole run than the scatter);
 * otherwise each window fans out. An unpooled map whose weights stay in cache gathers too, each
 * source pixel its own window and each spike a count of 1 (VGG-16's first 64- and 128-channel
 * convolutions: a quarter to a third less time than the scatter).
 *
 * <p>A map whose weights do not stay in a core's cache adds the spikes of a group of images
 * together, source channel by source channel ({@link #sharesReads}), so that each channel's kernel
 * slice is read from memory once per step for the whole group.
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
   * @param stride convolution stride down (rows)
   * @param padding convolution zero padding at the top
   * @param outChannels output channels (output features of a Linear layer)
   * @param strideWidth convolution stride across (columns)
   * @param padLeft zero columns on the left
   * @param padBottom zero rows at the bottom
   * @param padRight zero columns on the right
   */
  public record Geometry(int channels, int height, int width, int poolKernel, int poolStride,
      int poolPadding, int kernelHeight, int kernelWidth, int stride, int padding, int outChannels,
      int strideWidth, int padLeft, int padBottom, int padRight) {

    /** Checks that every size is positive and the kernel fits the padded pooled input. */
    public Geometry {
      if (channels <= 0 || height <= 0 || width <= 0 || poolKernel <= 0 || poolStride <= 0
          || poolPadding < 0 || kernelHeight <= 0 || kernelWidth <= 0 || stride <= 0 || padding < 0
          || outChannels <= 0 || strideWidth <= 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
        throw new IllegalArgumentException("convolution geometry with a non-positive size: " + this);
      }
    }

    /** One stride and the same padding on every side. */
    public Geometry(int channels, int height, int width, int poolKernel, int poolStride,
        int poolPadding, int kernelHeight, int kernelWidth, int stride, int padding,
        int outChannels) {
      this(channels, height, width, poolKernel, poolStride, poolPadding, kernelHeight, kernelWidth,
          stride, padding, outChannels, stride, padding, padding, padding);
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
      return (pooledHeight() + padding + padBottom - kernelHeight) / stride + 1;
    }

    /** Output columns. */
    public int outWidth() {
      return (pooledWidth() + padLeft + padRight - kernelWidth) / strideWidth + 1;
    }
  }

  /** The largest group of images {@link #addSpikes(int[][], int[], float[][], int, int[])} takes. */
  static final int MAX_GROUP = Short.MAX_VALUE;

  /**
   * The fewest source channels for which values and spikes are gathered ({@link AnalogGather}): with
   * fewer, an input pixel's weight runs are long and a kernel row's terms few, and the scatter is
   * faster (cnn7's first layer, one channel: 25 µs scattered against 54–73 µs gathered per image).
   */
  static final int GATHERED_CHANNELS = 8;

  /** Weights that a core's cache keeps (1 MiB of floats: a typical L2). */
  static final int CACHED_WEIGHTS = 1 << 18;

  private final Geometry geometry;
  private final float[] weights;
  private final int channels;
  private final int channelMask;
  private final int channelShift;
  /** Weights per source channel: kernel rows × columns × output channels. */
  private final int channelStride;
  /**
   * Per source pixel, its pooling window when windows tile the source (the pixel itself for an
   * unpooled map that gathers), −1 if pooling drops it; null otherwise.
   */
  private final int[] windowOfPixel;
  /** Per window, a source pixel in it (its top left). */
  private final int[] pixelOfWindow;
  /** Runs of source pixel p: firstRun[p] to firstRun[p + 1] − 1. */
  private final int[] firstRun;
  private final int[] runWeight;
  private final int[] runOutput;
  private final int[] runLength;
  /**
   * The analog map output by output, where the pooling is none or tiles, a pixel has enough
   * channels and the weights stay in cache; else null.
   */
  private final AnalogGather gather;

  /**
   * The map of {@code geometry} with PyTorch's weight layout [out][c][ky][kx] (for a Linear layer:
   * [out][in] with in = (c·H + y)·W + x over the pooled source, the same thing).
   */
  public ConvolutionSynapses(Geometry geometry, float[] weight) {
    this.geometry = geometry;
    if (geometry.pooledHeight() <= 0 || geometry.pooledWidth() <= 0 || geometry.outHeight() <= 0
        || geometry.outWidth() <= 0) {
      throw new IllegalArgumentException("convolution geometry leaves no output: " + geometry);
    }
    channels = geometry.channels();
    boolean powerOfTwo = Integer.bitCount(channels) == 1;
    channelMask = powerOfTwo ? channels - 1 : -1;
    channelShift = Integer.numberOfTrailingZeros(channels);
    int kw = geometry.kernelWidth();
    int outChannels = geometry.outChannels();
    channelStride = geometry.kernelHeight() * kw * outChannels;
    int fanIn = channels * geometry.kernelHeight() * kw;
    if (weight.length != fanIn * outChannels) {
      throw new IllegalArgumentException("expected " + outChannels + "×" + fanIn + " weights for "
          + geometry + ", found " + weight.length);
    }
    float divisor = geometry.poolKernel() * geometry.poolKernel();
    weights = new float[weight.length];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < fanIn; i++) {
        int flipped = i - i % kw + kw - 1 - i % kw;
        weights[flipped * outChannels + o] = weight[o * fanIn + i] / divisor;
      }
    }
    // (a window's spike count must fit the grouped form's 16 bits)
    boolean tiles = geometry.poolKernel() > 1 && geometry.poolStride() == geometry.poolKernel()
        && geometry.poolPadding() == 0 && geometry.poolKernel() < 256;
    boolean unpooled = geometry.poolKernel() == 1 && geometry.poolStride() == 1
        && geometry.poolPadding() == 0;
    gather = (tiles || unpooled) && channels >= GATHERED_CHANNELS && weights.length <= CACHED_WEIGHTS
        ? new AnalogGather(geometry) : null;
    // an unpooled map that gathers takes each pixel as its own window, so its spikes are gathered too
    boolean cells = tiles || gather != null;
    windowOfPixel = cells ? windows(geometry) : null;
    pixelOfWindow = cells ? representatives(geometry) : null;
    Runs runs = new Runs(geometry);
    firstRun = runs.first;
    runWeight = runs.weight.toArray();
    runOutput = runs.output.toArray();
    runLength = runs.length.toArray();
  }

  /** {@code other}'s map with every weight negated; the geometry and runs are shared. */
  private ConvolutionSynapses(ConvolutionSynapses other) {
    geometry = other.geometry;
    weights = new float[other.weights.length];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = -other.weights[k];
    }
    channels = other.channels;
    channelMask = other.channelMask;
    channelShift = other.channelShift;
    channelStride = other.channelStride;
    windowOfPixel = other.windowOfPixel;
    pixelOfWindow = other.pixelOfWindow;
    firstRun = other.firstRun;
    runWeight = other.runWeight;
    runOutput = other.runOutput;
    runLength = other.runLength;
    gather = other.gather;
  }

  @Override
  public Synapses negated() {
    return new ConvolutionSynapses(this);
  }

  @Override
  public int sourceSize() {
    return channels * geometry.height() * geometry.width();
  }

  @Override
  public int targetSize() {
    return geometry.outChannels() * geometry.outHeight() * geometry.outWidth();
  }

  /** Each source neuron reaches its pixel's runs in its channel: channels × the runs' lengths. */
  @Override
  public long connections() {
    long perChannel = 0;
    for (int n : runLength) {
      perChannel += n;
    }
    return perChannel * channels;
  }

  @Override
  public int scratchSize() {
    if (windowOfPixel == null) {
      return 0;
    }
    int cells = pixelOfWindow.length * channels;
    return cells + (gather == null ? cells : gather.scratchSize());
  }

  /**
   * Without tiling windows, fans each spike out. With them, counts the spikes per window and
   * channel, then adds each touched cell's runs with its count as weight, or, where the map
   * gathers ({@link AnalogGather}), the counts as the step's pooled input, output by output.
   */
  @Override
  public long addSpikes(int[] spikes, int count, float[] current, int[] scratch) {
    long additions = 0;
    if (windowOfPixel == null) {
      for (int i = 0; i < count; i++) {
        additions += fanOut(spikes[i], 1f, current);
      }
      return additions;
    }
    int cells = pixelOfWindow.length * channels;
    if (gather != null) {
      markWindows(spikes, count, scratch, cells);
      return gather.addCounts(scratch, cells, weights, current);
    }
    int touched = countWindows(spikes, count, scratch);
    for (int i = 0; i < touched; i++) {
      int cell = scratch[cells + i];
      additions += fanOut(representative(cell), scratch[cell], current);
      scratch[cell] = 0;
    }
    return additions;
  }

  /**
   * True when the weights are larger than both a core's cache ({@link #CACHED_WEIGHTS}, else they
   * stay there from one image to the next) and the currents of {@code group} images.
   */
  @Override
  public boolean sharesReads(int group) {
    return weights.length > Math.max(CACHED_WEIGHTS, (long) group * targetSize());
  }

  @Override
  public int groupScratchSize(int group) {
    if (group <= 0 || group > MAX_GROUP) {
      throw new IllegalArgumentException("group of images must be in [1, " + MAX_GROUP + "], found " + group);
    }
    return Math.toIntExact(scratchSize() + channels + 1L + 4L * group * itemsPerImage());
  }

  /**
   * Adds the images' spikes channel by channel: the spikes of source channel c in every image, then
   * those of channel c + 1, so that channel c's weights (every tap, every output channel) come from
   * memory once for the group and from cache for the other spikes. Within a channel an image's
   * spikes keep their order; pooling windows are merged as in the single-image form.
   */
  @Override
  public long addSpikes(int[][] spikes, int[] counts, float[][] currents, int images, int[] scratch) {
    // scratch: [window counts][channel offsets, channels + 1]
    //          [items: neuron, image·2¹⁶ + weight][the same items, sorted by channel]
    int offsets = scratchSize();
    int unsorted = offsets + channels + 1;
    int capacity = (scratch.length - unsorted) / 4;
    if ((long) images * itemsPerImage() > capacity) {
      throw new IllegalArgumentException(images + " images need more scratch than " + scratch.length + " ints");
    }
    int sorted = unsorted + 2 * capacity;
    Arrays.fill(scratch, offsets, unsorted, 0);
    int items = 0;
    int cells = windowOfPixel == null ? 0 : pixelOfWindow.length * channels;
    for (int g = 0; g < images; g++) {
      int touched = windowOfPixel == null ? counts[g] : countWindows(spikes[g], counts[g], scratch);
      for (int i = 0; i < touched; i++) {
        int s;
        int weight;
        if (windowOfPixel == null) {
          s = spikes[g][i];
          weight = 1;
        } else {
          int cell = scratch[cells + i];
          s = representative(cell);
          weight = scratch[cell];
          scratch[cell] = 0;
        }
        scratch[unsorted + 2 * items] = s;
        scratch[unsorted + 2 * items + 1] = g << 16 | weight;
        scratch[offsets + 1 + channel(s)]++;
        items++;
      }
    }
    for (int c = 0; c < channels; c++) {
      scratch[offsets + c + 1] += scratch[offsets + c];
    }
    for (int j = 0; j < items; j++) {
      int s = scratch[unsorted + 2 * j];
      int at = sorted + 2 * scratch[offsets + channel(s)]++;
      scratch[at] = s;
      scratch[at + 1] = scratch[unsorted + 2 * j + 1];
    }
    long additions = 0;
    for (int j = 0; j < items; j++) {
      int packed = scratch[sorted + 2 * j + 1];
      additions += fanOut(scratch[sorted + 2 * j], packed & 0xFFFF, currents[packed >>> 16]);
    }
    return additions;
  }

  /**
   * Counts spikes per tiling window and channel into scratch[0..cells) and lists the cells touched
   * in scratch[cells..); returns how many.
   */
  private int countWindows(int[] spikes, int count, int[] scratch) {
    int cells = pixelOfWindow.length * channels;
    int touched = 0;
    for (int i = 0; i < count; i++) {
      int s = spikes[i];
      int window = windowOfPixel[pixel(s)];
      if (window >= 0) {
        int cell = window * channels + channel(s);
        if (scratch[cell]++ == 0) {
          scratch[cells + touched++] = cell;
        }
      }
    }
    return touched;
  }

  /**
   * Counts spikes per tiling window and channel into scratch[0..cells) and sets each touched cell's
   * bit in its window's channel mask ({@link AnalogGather#addCounts}), without a branch per spike.
   */
  private void markWindows(int[] spikes, int count, int[] scratch, int cells) {
    int words = AnalogGather.words(channels);
    for (int i = 0; i < count; i++) {
      int s = spikes[i];
      int window = windowOfPixel[pixel(s)];
      if (window >= 0) {
        int c = channel(s);
        scratch[window * channels + c]++;
        scratch[cells + window * words + (c >>> 5)] |= 1 << c;
      }
    }
  }

  /** The source neuron standing for (window, channel) cell {@code cell}: the window's top left. */
  private int representative(int cell) {
    return pixelOfWindow[pixel(cell)] * channels + channel(cell);
  }

  /** The most items one image gives per step: its neurons, or its (window, channel) cells. */
  private int itemsPerImage() {
    return windowOfPixel == null ? sourceSize() : pixelOfWindow.length * channels;
  }

  @Override
  public void addValues(float[] values, float[] current) {
    // tiling windows of more than one pixel sum the values; an unpooled map's windows are its pixels
    float[] pooled = windowOfPixel != null && geometry.poolKernel() > 1 ? windowSums(values) : values;
    if (gather != null) {
      gather.add(pooled, weights, current);
      return;
    }
    for (int s = 0; s < pooled.length; s++) {
      if (pooled[s] != 0f) {
        fanOut(windowOfPixel == null ? s : representative(s), pooled[s], current);
      }
    }
  }

  /**
   * The values summed per tiling window and channel, in increasing source neuron: pixel by pixel,
   * all channels of a pixel at once.
   */
  private float[] windowSums(float[] values) {
    float[] sums = new float[pixelOfWindow.length * channels];
    for (int pixel = 0; pixel < windowOfPixel.length; pixel++) {
      int window = windowOfPixel[pixel];
      if (window >= 0) {
        WeightRuns.add(values, pixel * channels, sums, window * channels, channels);
      }
    }
    return sums;
  }

  /** Adds {@code value} × the fan-out of source neuron {@code s}; returns the additions done. */
  private int fanOut(int s, float value, float[] current) {
    int w = channel(s) * channelStride;
    int pixel = pixel(s);
    int additions = 0;
    for (int r = firstRun[pixel]; r < firstRun[pixel + 1]; r++) {
      int n = runLength[r];
      if (value == 1f) {
        WeightRuns.add(weights, w + runWeight[r], current, runOutput[r], n);
      } else {
        WeightRuns.addScaled(weights, w + runWeight[r], value, current, runOutput[r], n);
      }
      additions += n;
    }
    return additions;
  }

  private int channel(int s) {
    return channelMask >= 0 ? s & channelMask : s % channels;
  }

  private int pixel(int s) {
    return channelMask >= 0 ? s >>> channelShift : s / channels;
  }

  /** The tiling window of each source pixel, −1 for a pixel the pooling's floor rounding drops. */
  private static int[] windows(Geometry g) {
    int[] window = new int[g.height() * g.width()];
    for (int y = 0; y < g.height(); y++) {
      for (int x = 0; x < g.width(); x++) {
        int py = y / g.poolKernel();
        int px = x / g.poolKernel();
        window[y * g.width() + x] = py < g.pooledHeight() && px < g.pooledWidth() ? py * g.pooledWidth() + px : -1;
      }
    }
    return window;
  }

  private static int[] representatives(Geometry g) {
    int[] pixel = new int[g.pooledHeight() * g.pooledWidth()];
    for (int py = 0; py < g.pooledHeight(); py++) {
      for (int px = 0; px < g.pooledWidth(); px++) {
        pixel[py * g.pooledWidth() + px] = py * g.poolKernel() * g.width() + px * g.poolKernel();
      }
    }
    return pixel;
  }

  /**
   * The runs of every source pixel, for channel 0: for each pooling window holding the pixel and
   * each kernel row reaching an output row, the contiguous weights and outputs of its taps (one
   * run per tap when the stride is above 1).
   */
  private static final class Runs {
    final int[] first;
    final IntList weight = new IntList();
    final IntList output = new IntList();
    final IntList length = new IntList();

    Runs(Geometry g) {
      int h = g.height();
      int w = g.width();
      first = new int[h * w + 1];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          first[y * w + x] = weight.size();
          int pyLo = Math.max(0, ceilDiv(y + g.poolPadding() - g.poolKernel() + 1, g.poolStride()));
          int pyHi = Math.min(g.pooledHeight() - 1, (y + g.poolPadding()) / g.poolStride());
          int pxLo = Math.max(0, ceilDiv(x + g.poolPadding() - g.poolKernel() + 1, g.poolStride()));
          int pxHi = Math.min(g.pooledWidth() - 1, (x + g.poolPadding()) / g.poolStride());
          for (int py = pyLo; py <= pyHi; py++) {
            for (int px = pxLo; px <= pxHi; px++) {
              taps(g, py, px);
            }
          }
        }
      }
      first[h * w] = weight.size();
    }

    /** The runs of the kernel taps of pooled pixel (py, px) that reach an output. */
    private void taps(Geometry g, int py, int px) {
      int sy = g.stride();
      int sx = g.strideWidth();
      int top = g.padding();
      int left = g.padLeft();
      int kw = g.kernelWidth();
      int oc = g.outChannels();
      int kyLo = Math.max(0, py + top - (g.outHeight() - 1) * sy);
      int kyHi = Math.min(g.kernelHeight() - 1, py + top);
      int kxLo = Math.max(0, px + left - (g.outWidth() - 1) * sx);
      int kxHi = Math.min(kw - 1, px + left);
      for (int ky = kyLo; ky <= kyHi && kxLo <= kxHi; ky++) {
        int rows = py + top - ky;
        if (rows % sy != 0) {
          continue;
        }
        int row = rows / sy * g.outWidth();
        int kernelRow = ky * kw + kw - 1;
        if (sx == 1) {
          add((kernelRow - kxHi) * oc, (row + px + left - kxHi) * oc, (kxHi - kxLo + 1) * oc);
          continue;
        }
        for (int kx = kxLo; kx <= kxHi; kx++) {
          int cols = px + left - kx;
          if (cols % sx == 0) {
            add((kernelRow - kx) * oc, (row + cols / sx) * oc, oc);
          }
        }
      }
    }

    private void add(int w, int o, int n) {
      weight.add(w);
      output.add(o);
      length.add(n);
    }
  }

  /** A growable list of ints, for building the runs. */
  private static final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
