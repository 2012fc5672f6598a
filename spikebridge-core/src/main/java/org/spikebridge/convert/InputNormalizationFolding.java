package org.spikebridge.convert;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.data.Normalization;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Folds the input normalization x̃ = (x − mean[c]) / std[c] into the first weighted layer, so that
 * the network reads raw intensities x in [0, 1]: the values a Poisson (rate) input coder can emit
 * as spike probabilities. For the first Conv2d or Linear, reading the input directly or through
 * Flatten layers, with c the input channel a weight reads:
 *
 * <pre>
 *   W'[o, c, …] = W[o, c, …] / std[c]
 *   b'[o]       = b[o] − Σ_{c,…} W[o, c, …] · mean[c] / std[c]
 * </pre>
 *
 * <p>This is exact only where the layer sees no padding: a zero-padded border of the normalized
 * input is the raw value {@code mean}, not 0, so a Conv2d with padding &gt; 0 is refused. The
 * result's provenance gains the setting {@code input.normalizationFolded}.
 */
public final class InputNormalizationFolding {
  /** The provenance setting that records the folding. */
  public static final String SETTING = "input.normalizationFolded";

  private InputNormalizationFolding() {}

  /** {@link #fold(Network, Normalization)} on a spiking network; the result is spiking too. */
  public static SpikingNetwork fold(SpikingNetwork snn, Normalization normalization) {
    return new SpikingNetwork(fold(snn.network(), normalization));
  }

  /**
   * {@code network} changed to read raw intensities in [0, 1] where it read inputs normalized with
   * {@code normalization}; an {@link IllegalArgumentException} naming the layer when the folding
   * would not be exact.
   */
  public static Network fold(Network network, Normalization normalization) {
    Architecture arch = network.architecture();
    TensorShape inShape = arch.inputShape();
    int channels = inShape.rank() == 1 ? 1 : inShape.dim(0);
    if (normalization.channels() != channels) {
      throw new IllegalArgumentException("cannot fold the input normalization into "
          + arch.name() + ": expected " + channels + " channel(s) (input shape " + inShape
          + "), found a normalization of " + normalization.channels());
    }
    Layer first = firstWeighted(arch);
    if (first instanceof Layer.Conv2d c
        && c.padding() + c.padLeft() + c.padBottom() + c.padRight() > 0) {
      throw new IllegalArgumentException("cannot fold the input normalization into '" + c.name()
          + "' (Conv2d): expected padding 0, found " + c.padding() + " (its zero padding of the "
          + "normalized input would become padding with the raw value mean, so border outputs "
          + "would differ)");
    }
    float[] mean = normalization.mean();
    float[] std = normalization.std();
    Tensor weight = network.parameter(first.name() + ".weight");
    int out = weight.shape().dim(0);
    int fanIn = weight.data().length / out;
    int perChannel = fanIn / channels; // k·k for a Conv2d, H·W for a Linear after Flatten
    boolean hasBias = network.parameters().containsKey(first.name() + ".bias");
    float[] bias = hasBias ? network.parameter(first.name() + ".bias").data() : new float[out];
    float[] w2 = new float[weight.data().length];
    float[] b2 = new float[out];
    for (int o = 0; o < out; o++) {
      double shift = 0;
      for (int j = 0; j < fanIn; j++) {
        int c = j / perChannel;
        double w = weight.data()[o * fanIn + j];
        w2[o * fanIn + j] = (float) (w / std[c]);
        shift += w * mean[c] / std[c];
      }
      b2[o] = (float) (bias[o] - shift);
    }
    Map<String, Tensor> params = new LinkedHashMap<>(network.parameters());
    params.put(first.name() + ".weight", new Tensor(weight.shape(), w2));
    params.put(first.name() + ".bias", new Tensor(TensorShape.of(out), b2));
    Architecture folded = arch.replace(Graphs.withBias(first));

    return new Network(folded, params, network.provenance().withSettings(Map.of(SETTING,
        "into " + first.name() + ": mean " + Arrays.toString(mean) + ", std "
            + Arrays.toString(std))));
  }

  /** The Conv2d or Linear reached from the input through Flatten layers, each read by one layer. */
  private static Layer firstWeighted(Architecture arch) {
    Map<String, List<Layer>> readersOf = arch.readers();
    String current = Architecture.INPUT;
    while (true) {
      List<Layer> readers = readersOf.getOrDefault(current, List.of());
      if (readers.size() != 1) {
        throw new IllegalArgumentException("cannot fold the input normalization into "
            + arch.name() + ": expected " + Graphs.describe(arch, current) + " to feed one layer, "
            + "found " + readers.stream().map(Layer::name).toList());
      }
      Layer next = readers.get(0);
      if (next instanceof Layer.Conv2d || next instanceof Layer.Linear) {
        return next;
      }
      if (!(next instanceof Layer.Flatten)) {
        throw new IllegalArgumentException("cannot fold the input normalization into '"
            + next.name() + "' (" + next.getClass().getSimpleName() + "): expected a Conv2d or "
            + "Linear (after Flatten layers only) to read the input");
      }
      current = next.name();
    }
  }
}
