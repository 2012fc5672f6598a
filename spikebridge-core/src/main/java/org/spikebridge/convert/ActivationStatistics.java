package org.spikebridge.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * Statistics of layer outputs over a {@link CalibrationSet}, computed with {@link AnalogReference}
 * in chunks of {@value #CHUNK} images so that memory stays bounded whatever the size of the set:
 * no statistic keeps the activations of more than one chunk (per worker thread) at a time. Chunks
 * run in parallel; every statistic is a maximum or a count, so the result does not depend on the
 * order in which chunks finish. The maxima (of {@link #channelMax}, {@link #layerMax} and the first
 * pass of {@link #percentile}) are remembered by the calibration set for the last network passed
 * over it ({@link CalibrationSet#channelMaxima}): converting one network with several methods
 * makes one max pass.
 */
public final class ActivationStatistics {
  /** Images per forward pass. */
  public static final int CHUNK = 100;

  /**
   * Bins of the histogram behind {@link #percentile}: 2^16 equal bins over [0, max] of a layer,
   * so an estimated percentile is within max/65,536 of the exact one (plus float rounding).
   */
  public static final int HISTOGRAM_BINS = 1 << 16;

  private ActivationStatistics() {}

  /**
   * For each layer in {@code layers}, the largest output value over every element of every image
   * of {@code calibration}.
   */
  public static Map<String, Float> layerMax(Network network, List<String> layers,
      CalibrationSet calibration) {
    Map<String, Float> out = new LinkedHashMap<>();
    channelMax(network, layers, calibration).forEach((name, c) -> out.put(name, max(c)));
    return out;
  }

  /**
   * For each layer in {@code layers}, the largest output value of each channel (dimension 0 of the
   * layer's output shape: a feature map of a [C, H, W] output, a feature of a [F] output) over every
   * image of {@code calibration}.
   */
  public static Map<String, float[]> channelMax(Network network, List<String> layers,
      CalibrationSet calibration) {
    Map<String, TensorShape> shapes = shapes(network, layers, calibration);
    return calibration.channelMaxima(network, layers, () -> maxPass(network, layers, calibration, shapes));
  }

  /** One pass of {@code network} over the calibration images, for {@link #channelMax}. */
  private static Map<String, float[]> maxPass(Network network, List<String> layers,
      CalibrationSet calibration, Map<String, TensorShape> shapes) {
    Supplier<Map<String, float[]>> empty = () -> {
      Map<String, float[]> m = new LinkedHashMap<>();
      for (String l : layers) {
        float[] c = new float[shapes.get(l).dim(0)];
        java.util.Arrays.fill(c, Float.NEGATIVE_INFINITY);
        m.put(l, c);
      }
      return m;
    };
    return overChunks(network, calibration, empty, (acc, outputs, n) -> {
      for (String l : layers) {
        float[] max = acc.get(l);
        float[] y = outputs.get(l);
        int per = Math.toIntExact(shapes.get(l).size() / max.length);
        for (int k = 0; k < y.length; k++) {
          int c = (k / per) % max.length;
          if (y[k] > max[c]) {
            max[c] = y[k];
          }
        }
      }
    }, (a, b) -> {
      a.forEach((l, max) -> {
        float[] other = b.get(l);
        for (int c = 0; c < max.length; c++) {
          max[c] = Math.max(max[c], other[c]);
        }
      });
      return a;
    });
  }

  /**
   * For each layer in {@code layers}, the {@code p}-th percentile of its <em>non-zero</em> output
   * values over all images of {@code calibration}, as snntoolbox's Robust Norm computes it:
   * {@code numpy.percentile(a[a != 0], p)} with numpy's default linear interpolation between the
   * order statistics of ranks ⌊r⌋ and ⌈r⌉, r = p/100·(N − 1). 0 for a layer that is never
   * non-zero.
   *
   * <p>Streaming, in two passes: the first finds each layer's maximum, the second fills a histogram
   * of {@value #HISTOGRAM_BINS} equal bins over [0, max] (negative values, which a ReLU never
   * outputs, are ignored like zeros); an order statistic is then placed by linear interpolation
   * inside its bin. Each estimated order statistic lies in the same bin as the exact one, so the
   * result is within max/{@value #HISTOGRAM_BINS} of numpy's.
   *
   * @param p the percentile, in (0, 100]
   */
  public static Map<String, Float> percentile(Network network, List<String> layers,
      CalibrationSet calibration, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("expected a percentile in (0, 100], found " + p);
    }
    Map<String, Float> max = layerMax(network, layers, calibration);
    Supplier<Map<String, long[]>> empty = () -> {
      Map<String, long[]> m = new LinkedHashMap<>();
      layers.forEach(l -> m.put(l, new long[HISTOGRAM_BINS]));
      return m;
    };
    Map<String, long[]> histograms = overChunks(network, calibration, empty, (acc, outputs, n) -> {
      for (String l : layers) {
        double top = max.get(l);
        if (!(top > 0)) {
          continue;
        }
        long[] h = acc.get(l);
        for (float v : outputs.get(l)) {
          if (v > 0) {
            h[bin(v, top)]++;
          }
        }
      }
    }, (a, b) -> {
      a.forEach((l, h) -> {
        long[] other = b.get(l);
        for (int i = 0; i < h.length; i++) {
          h[i] += other[i];
        }
      });
      return a;
    });
    Map<String, Float> out = new LinkedHashMap<>();
    for (String l : layers) {
      out.put(l, (float) percentileOf(histograms.get(l), max.get(l), p));
    }
    return out;
  }

  /** The bin of a positive value {@code v} ≤ {@code top}; the top value lands in the last bin. */
  static int bin(double v, double top) {
    return (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(v / top * HISTOGRAM_BINS));
  }

  /** numpy's linear-interpolation percentile estimated from a histogram over [0, top]. */
  static double percentileOf(long[] histogram, double top, double p) {
    long total = 0;
    for (long c : histogram) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    double rank = p / 100 * (total - 1);
    long lo = (long) Math.floor(rank);
    long hi = Math.min(lo + 1, total - 1);
    double a = orderStatistic(histogram, top, lo);
    double b = orderStatistic(histogram, top, hi);
    return a + (rank - lo) * (b - a);
  }

  /**
   * The value of 0-based rank {@code j} among the counted values, placed inside its bin as if the
   * bin's values were spread evenly: the i-th of m values of bin [x0, x0 + w) at x0 + (i + ½)·w/m.
   */
  private static double orderStatistic(long[] histogram, double top, long j) {
    double width = top / HISTOGRAM_BINS;
    long before = 0;
    for (int b = 0; b < histogram.length; b++) {
      long count = histogram[b];
      if (j < before + count) {
        return (b + (j - before + 0.5) / count) * width;
      }
      before += count;
    }
    throw new IllegalStateException("rank " + j + " beyond " + before + " values");
  }

  /** What a chunk of images adds to a statistic. */
  @FunctionalInterface
  private interface Observer<S> {
    void observe(S accumulator, Map<String, float[]> outputs, int images);
  }

  private static <S> S overChunks(Network network, CalibrationSet calibration, Supplier<S> empty,
      Observer<S> observer, BinaryOperator<S> merge) {
    int chunks = (calibration.n() + CHUNK - 1) / CHUNK;
    return IntStream.range(0, chunks).parallel().mapToObj(c -> {
      int from = c * CHUNK;
      int to = Math.min(calibration.n(), from + CHUNK);
      Map<String, float[]> outputs =
          AnalogReference.forward(network, calibration.slice(from, to), to - from);
      S acc = empty.get();
      observer.observe(acc, outputs, to - from);
      return acc;
    }).reduce(merge).orElseThrow();
  }

  /** The output shapes of {@code layers}; checks that the images fit the network's input. */
  private static Map<String, TensorShape> shapes(Network network, List<String> layers,
      CalibrationSet calibration) {
    Architecture arch = network.architecture();
    TensorShape found = calibration.shape();
    if (!arch.inputShape().equals(found)) {
      throw new IllegalArgumentException("calibration images are " + found + " but network "
          + arch.name() + " expects inputs of " + arch.inputShape());
    }
    Map<String, TensorShape> all = arch.outputShapes();
    Map<String, TensorShape> out = new LinkedHashMap<>();
    for (String l : layers) {
      if (!all.containsKey(l)) {
        throw new IllegalArgumentException("network " + arch.name() + " has no layer '" + l + "'");
      }
      out.put(l, all.get(l));
    }
    return out;
  }

  private static float max(float[] values) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
