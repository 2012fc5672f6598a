package org.spikebridge.convert;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;

/**
 * Max Norm for the output layer (beyond the paper, as snntoolbox normalizes its last layer): divides
 * the output layer's weights and bias by λ, the p-th percentile over calibration images of each
 * image's largest class current per step. Spike-count readout charges its output neurons with
 * that current against θ = 1, so the leading class of a typical image then fires about once per
 * step instead of every class with a current above 1 firing at every step and tying. The division
 * is by a positive number, so the class with the largest accumulated current, and every other
 * prediction of the accumulated-current readout, stays the same.
 *
 * <p>The percentile is the nearest-rank one: the ⌈p/100·n⌉-th smallest of the n images' largest
 * currents. The output layer is a spiking network's last layer, its Linear map.
 */
public final class OutputNormalization {
  /** The provenance key of p. */
  public static final String PERCENTILE = "conversion.outputNorm.percentile";
  /** The provenance key of λ. */
  public static final String SCALE = "conversion.outputNorm.scale";

  private OutputNormalization() {}

  /**
   * {@code snn} with its output layer divided by λ, the {@code percentile}-th percentile of the
   * images' largest class current, and p and λ in its provenance settings.
   */
  public static SpikingNetwork apply(SpikingNetwork snn, CalibrationSet images, double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("output normalization: expected a percentile in (0, 100], found "
          + percentile);
    }
    Network network = snn.network();
    String output = outputLayer(network);
    double lambda = scale(network, images, percentile);
    if (!(lambda > 0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "output normalization: the "
          + "%s-th percentile of the largest class current is %s, not positive: no class of these "
          + "images leads with a positive current", percentile, lambda));
    }
    Map<String, Tensor> params = new HashMap<>(network.parameters());
    for (String name : List.of(output + ".weight", output + ".bias")) {
      Tensor t = params.get(name);
      if (t != null) {
        float[] divided = t.data().clone();
        for (int k = 0; k < divided.length; k++) {
          divided[k] = (float) (divided[k] / lambda);
        }
        params.put(name, new Tensor(t.shape(), divided));
      }
    }
    Provenance p = network.provenance();
    Map<String, String> settings = new HashMap<>(p.settings());
    settings.put(PERCENTILE, Double.toString(percentile));
    settings.put(SCALE, Double.toString(lambda));
    return new SpikingNetwork(new Network(network.architecture(), params,
        new Provenance(p.dataset(), p.seed(), p.command(), p.versions(), settings)));
  }

  /** λ: the nearest-rank percentile of each image's largest output current per step. */
  static double scale(Network network, CalibrationSet images, double percentile) {
    String last = outputLayer(network);
    double[] top = new double[images.n()];
    for (int from = 0; from < images.n(); from += ActivationStatistics.CHUNK) {
      int to = Math.min(images.n(), from + ActivationStatistics.CHUNK);
      float[] out = AnalogReference.forward(network, images.slice(from, to), to - from).get(last);
      int classes = out.length / (to - from);
      for (int i = from; i < to; i++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          best = Math.max(best, out[(i - from) * classes + c]);
        }
        top[i] = best;
      }
    }
    Arrays.sort(top);
    int rank = (int) Math.ceil(percentile / 100 * top.length);
    return top[Math.max(rank, 1) - 1];
  }

  private static String outputLayer(Network network) {
    List<Layer> layers = network.architecture().layers();
    return layers.get(layers.size() - 1).name();
  }
}
