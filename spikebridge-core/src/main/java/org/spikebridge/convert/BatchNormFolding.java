package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.HashMap;
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
 * weighted layer always has a bias afterwards.
 *
 * <p>A BatchNorm2d that reads anything else — a residual sum (pre-activation ResNets), the input,
 * a pooling — or whose Conv2d/Linear also feeds another layer cannot be folded; it becomes a
 * {@link Layer.Affine} of the same name, weight γ/σ and bias β − μ·γ/σ: the same per-channel affine
 * map, now on the current. Provenance is kept: the result computes the same function.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * {@code network} with every BatchNorm2d folded into the Conv2d or Linear it follows where it
   * can be, and made a per-channel {@link Layer.Affine} map where it cannot.
   */
  public static Network fold(Network network) {
    Architecture arch = network.architecture();
    Map<String, Layer> byName = arch.layersByName();
    Map<String, List<Layer>> readers = arch.readers();
    Map<String, Tensor> params = new LinkedHashMap<>(network.parameters());
    Map<String, Layer> replacements = new HashMap<>();
    List<String> removed = new ArrayList<>();
    for (Layer layer : arch.layers()) {
      if (!(layer instanceof Layer.BatchNorm2d bn)) {
        continue;
      }
      String source = bn.inputs().get(0);
      Layer weighted = byName.get(source); // null for the input
      boolean foldable = (weighted instanceof Layer.Conv2d || weighted instanceof Layer.Linear)
          && readers.get(source).size() == 1;
      if (foldable) {
        foldInto(network, bn, weighted, params);
        removed.add(bn.name());
        replacements.put(source, Graphs.withBias(weighted));
      } else {
        keepAsAffine(network, bn, params);
        replacements.put(bn.name(), new Layer.Affine(bn.name(), bn.inputs(), bn.channels()));
      }
    }
    List<Layer> layers = new ArrayList<>(arch.layers());
    Graphs.replace(layers, replacements);
    layers = Graphs.bypass(layers, removed);
    Architecture folded = new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), layers);
    return new Network(folded, params, network.provenance());
  }

  /** Scale γ/σ and shift β − μ·γ/σ of each channel of {@code bn}: [scales, shifts]. */
  private static float[][] affineOf(Network network, Layer.BatchNorm2d bn) {
    float[] gamma = network.parameter(bn.name() + ".weight").data();
    float[] beta = network.parameter(bn.name() + ".bias").data();
    float[] mean = network.parameter(bn.name() + ".running_mean").data();
    float[] var = network.parameter(bn.name() + ".running_var").data();
    float[] scale = new float[bn.channels()];
    float[] shift = new float[bn.channels()];
    for (int c = 0; c < scale.length; c++) {
      double s = gamma[c] / Math.sqrt((double) var[c] + bn.eps());
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
    }
    return new float[][] {scale, shift};
  }

  private static void keepAsAffine(Network network, Layer.BatchNorm2d bn, Map<String, Tensor> params) {
    float[][] affine = affineOf(network, bn);
    removeBatchNorm(bn, params);
    params.put(bn.name() + ".weight", new Tensor(TensorShape.of(bn.channels()), affine[0]));
    params.put(bn.name() + ".bias", new Tensor(TensorShape.of(bn.channels()), affine[1]));
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
    float[][] affine = affineOf(network, bn);
    int per = weight.data().length / out;
    float[] newWeight = new float[weight.data().length];
    float[] newBias = new float[out];
    for (int o = 0; o < out; o++) {
      for (int k = 0; k < per; k++) {
        newWeight[o * per + k] = (float) ((double) weight.data()[o * per + k] * affine[0][o]);
      }
      newBias[o] = (float) ((double) bias[o] * affine[0][o] + affine[1][o]);
    }
    params.put(w + ".weight", new Tensor(weight.shape(), newWeight));
    params.put(w + ".bias", new Tensor(TensorShape.of(out), newBias));
    removeBatchNorm(bn, params);
  }

  private static void removeBatchNorm(Layer.BatchNorm2d bn, Map<String, Tensor> params) {
    for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
      params.remove(bn.name() + "." + p);
    }
  }
}
