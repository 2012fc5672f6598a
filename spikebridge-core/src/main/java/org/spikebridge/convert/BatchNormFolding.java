package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Folds inference-mode batch normalization into the weighted layer before it, so that the
 * synaptic map W·x + b of Eq. 3 is one affine map. For a BatchNorm2d reading a Conv2d or Linear,
 * per output channel o with σ_o = sqrt(running_var_o + eps):
 *
 * <pre>
 *   W'[o, …] = W[o, …] · γ_o / σ_o
 *   b'[o]    = (b[o] − μ_o) · γ_o / σ_o + β_o      (b = 0 when the layer had no bias)
 * </pre>
 *
 * The BatchNorm layer disappears and the layers that read it read the weighted layer instead; the
 * weighted layer always has a bias afterwards. Provenance is kept: the folded network computes
 * the same function.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * {@code network} with every BatchNorm2d folded into the Conv2d or Linear it follows. A
   * BatchNorm2d that follows anything else, or whose weighted layer also feeds another layer, is
   * an {@link IllegalArgumentException} naming it; nothing is returned then.
   */
  public static Network fold(Network network) {
    Architecture arch = network.architecture();
    List<Layer> layers = new ArrayList<>(arch.layers());
    Map<String, Tensor> params = new LinkedHashMap<>(network.parameters());
    for (Layer layer : arch.layers()) {
      if (!(layer instanceof Layer.BatchNorm2d bn)) {
        continue;
      }
      String source = bn.inputs().get(0);
      Layer weighted = source.equals(Architecture.INPUT) ? null : arch.layer(source);
      if (!(weighted instanceof Layer.Conv2d) && !(weighted instanceof Layer.Linear)) {
        throw new IllegalArgumentException("cannot fold '" + bn.name() + "': it follows "
            + Graphs.describe(arch, source) + ", not a Conv2d or Linear");
      }
      List<Layer> readers = Graphs.consumers(arch.layers(), source);
      if (readers.size() != 1) {
        throw new IllegalArgumentException("cannot fold '" + bn.name() + "': '" + source
            + "' also feeds " + readers.stream().filter(r -> r != bn).map(r -> "'" + r.name() + "'")
                .toList() + ", which would see the normalized values");
      }
      foldInto(network, bn, weighted, params);
      layers = Graphs.bypass(layers, bn.name(), source);
      layers.replaceAll(l -> l.name().equals(source) ? Graphs.withBias(l) : l);
    }
    Architecture folded = new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), layers);
    return new Network(folded, params, network.provenance());
  }

  private static void foldInto(Network network, Layer.BatchNorm2d bn, Layer weighted,
      Map<String, Tensor> params) {
    String w = weighted.name();
    Tensor weight = network.parameter(w + ".weight");
    int out = weight.shape().dim(0);
    if (out != bn.channels()) {
      throw new IllegalArgumentException("cannot fold '" + bn.name() + "': expected " + out
          + " channels (the outputs of '" + w + "'), found " + bn.channels());
    }
    float[] bias = params.containsKey(w + ".bias") ? params.get(w + ".bias").data() : new float[out];
    float[] gamma = network.parameter(bn.name() + ".weight").data();
    float[] beta = network.parameter(bn.name() + ".bias").data();
    float[] mean = network.parameter(bn.name() + ".running_mean").data();
    float[] var = network.parameter(bn.name() + ".running_var").data();
    int per = weight.data().length / out;
    float[] newWeight = new float[weight.data().length];
    float[] newBias = new float[out];
    for (int o = 0; o < out; o++) {
      double scale = gamma[o] / Math.sqrt((double) var[o] + bn.eps());
      for (int k = 0; k < per; k++) {
        newWeight[o * per + k] = (float) (weight.data()[o * per + k] * scale);
      }
      newBias[o] = (float) (((double) bias[o] - mean[o]) * scale + beta[o]);
    }
    params.put(w + ".weight", new Tensor(weight.shape(), newWeight));
    params.put(w + ".bias", new Tensor(TensorShape.of(out), newBias));
    for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
      params.remove(bn.name() + "." + p);
    }
  }
}
