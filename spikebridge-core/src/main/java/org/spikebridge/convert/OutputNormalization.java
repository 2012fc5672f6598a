package org.spikebridge.convert;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;

/**
 * Max Norm for the output layer (beyond the paper, as snntoolbox normalizes its last layer): maps
 * the output layer's current z to (z − r)/(λ − r), where λ is the p-th percentile over calibration
 * images of each image's largest class current per step, and r is 0 or, with the margin, the p-th
 * percentile of each image's second-largest class current. Spike-count readout charges its output
 * neurons with that current against θ = 1, so the leading class of a typical image then fires
 * about once per step instead of every class with a current above 1 firing at every step and
 * tying; with the margin a typical runner-up gets no current and stays silent, so the leader's
 * count pulls away from the others' sooner and the exact early exit settles sooner. The map
 * divides by a positive number and subtracts the same r/(λ − r) from every class, so the class
 * with the largest accumulated current, and every other prediction of the accumulated-current
 * readout, stays the same.
 *
 * <p>The percentile is the nearest-rank one: the ⌈p/100·n⌉-th smallest of the n images' values.
 * The output layer is a spiking network's last layer, its Linear map.
 */
public final class OutputNormalization {
  /** The provenance key of p. */
  public static final String PERCENTILE = "conversion.outputNorm.percentile";
  /** The provenance key of λ − r, the divisor. */
  public static final String SCALE = "conversion.outputNorm.scale";
  /** The provenance key of r, the current mapped to 0 (0 without the margin). */
  public static final String OFFSET = "conversion.outputNorm.offset";

  private OutputNormalization() {}

  /**
   * {@code snn} with its output current z mapped to (z − r)/(λ − r): λ the {@code percentile}-th
   * percentile of the images' largest class current, r that of their second-largest when
   * {@code margin}, else 0; p, λ − r and r in its provenance settings.
   */
  public static SpikingNetwork apply(SpikingNetwork snn, CalibrationSet images, double percentile,
      boolean margin) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("output normalization: expected a percentile in (0, 100], found "
          + percentile);
    }
    Network network = snn.network();
    String output = outputLayer(network);
    if (margin && network.architecture().numClasses() < 2) {
      throw new IllegalArgumentException("output normalization: the margin subtracts the "
          + "runner-up's current and needs at least two classes, found "
          + network.architecture().numClasses());
    }
    Tensor bias = network.parameters().get(output + ".bias");
    if (margin && bias == null) {
      throw new IllegalArgumentException("output normalization: the margin shifts the output "
          + "layer's bias, and its output layer '" + output + "' has none");
    }
    double[][] leaders = leadingCurrents(network, images);
    double lambda = nearestRank(leaders[0], percentile);
    double offset = margin ? nearestRank(leaders[1], percentile) : 0;
    double scale = lambda - offset;
    if (!(scale > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "output normalization: the "
          + "%s-th percentile of the largest class current is %s, not above %s%s", percentile,
          lambda, offset, margin ? ", that of the second largest" : ": no class of these images "
          + "leads with a positive current"));
    }
    Map<String, Tensor> params = new HashMap<>(network.parameters());
    params.put(output + ".weight", mapped(params.get(output + ".weight"), 0, scale));
    if (bias != null) {
      params.put(output + ".bias", mapped(bias, offset, scale));
    }
    return new SpikingNetwork(new Network(network.architecture(), params, network.provenance()
        .withSettings(Map.of(PERCENTILE, Double.toString(percentile), SCALE, Double.toString(scale),
            OFFSET, Double.toString(offset)))));
  }

  /** (t − offset)/scale, element by element. */
  private static Tensor mapped(Tensor t, double offset, double scale) {
    float[] values = t.data().clone();
    for (int k = 0; k < values.length; k++) {
      values[k] = (float) ((values[k] - offset) / scale);
    }
    return new Tensor(t.shape(), values);
  }

  /** Per image, its largest output current per step ([0]) and its second largest ([1]). */
  static double[][] leadingCurrents(Network network, CalibrationSet images) {
    String last = outputLayer(network);
    double[][] leaders = new double[2][images.n()];
    for (int from = 0; from < images.n(); from += ActivationStatistics.CHUNK) {
      int to = Math.min(images.n(), from + ActivationStatistics.CHUNK);
      float[] out = AnalogReference.forward(network, images.slice(from, to), to - from).get(last);
      int classes = out.length / (to - from);
      for (int i = from; i < to; i++) {
        double best = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          double z = out[(i - from) * classes + c];
          second = Math.max(second, Math.min(best, z));
          best = Math.max(best, z);
        }
        leaders[0][i] = best;
        leaders[1][i] = second;
      }
    }
    return leaders;
  }

  /** The nearest-rank {@code percentile}-th percentile of {@code values}. */
  static double nearestRank(double[] values, double percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static String outputLayer(Network network) {
    List<Layer> layers = network.architecture().layers();
    return layers.get(layers.size() - 1).name();
  }
}
