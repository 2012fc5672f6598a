package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;

/**
 * Conversion of a network trained with Rate Norm Layers (§2.2, method name {@code rnl}): every
 * Rate Norm Layer becomes a layer of integrate-and-fire neurons with reset by subtraction (Eq. 3)
 * whose threshold is the layer's trained θ_l (Eq. 6, as the authors' code computes it):
 *
 * <pre>  θ_l = sigmoid(p_logit) · running_max + ε</pre>
 *
 * <p>with ε = 1e-6 ({@link Layer.RateNorm#threshold}).
 *
 * <p>The steps: BatchNorm is folded into the Conv2d/Linear before it ({@link BatchNormFolding});
 * Dropout layers are removed (they are the identity at inference); each RateNorm layer is
 * replaced by an IntegrateAndFire layer <em>of the same name</em> (so {@code rnl1} stays
 * {@code rnl1}, and an analog and a spiking run can be compared layer by layer) with one
 * threshold for the layer; Conv2d, Linear, AvgPool2d, Flatten and Add are kept; MaxPool2d is
 * refused, replaced by AvgPool2d, or kept as spiking max pooling after a Rate Norm Layer, as
 * {@link ConversionOptions#maxPool()} says. The last layer must be a Linear: the output stays
 * non-spiking and its current is accumulated.
 *
 * <h2>Why this satisfies Theorem 1</h2>
 * A Rate Norm Layer outputs r̂_l = clip((W_{l−1} r̂_{l−1} + b_{l−1}) / θ_l, 0, 1): its output is
 * already a rate in [0, 1], and it divides by θ_l. In the terms of Eq. 5 the previous layer's
 * activation is a rate, so max_{l−1} = 1, and the scale of layer l is max_l = θ_l. Eq. 5 then
 * reads W_SNN / v_th,l = W_ANN / θ_l and b_SNN / v_th,l = b_ANN / θ_l, and Lemma 1 (Eq. 4) gives
 * the SNN rate r_l = clip((W_SNN r_{l−1} + b_SNN) / v_th,l, 0, 1) = r̂_l. Two forms meet it:
 * <ul>
 *   <li>{@link ThresholdForm#THRESHOLD_BALANCING}: v_th,l = θ_l and the trained weights;</li>
 *   <li>{@link ThresholdForm#WEIGHT_NORMALIZATION}: v_th,l = 1 and the synaptic map that feeds
 *       layer l divided by θ_l. Only that division remains because the factor max_{l−1} of Eq. 5
 *       is 1.</li>
 * </ul>
 * On a graph with residual sums and BatchNorm applied to a sum (kept as a per-channel affine map,
 * see {@link BatchNormFolding}) the scaling is done path by path by {@link TheoremOneScaling}, with
 * threshold scale θ_l and rate scale 1 for every layer: both forms convert every feed-forward graph,
 * and the sum of two currents is exact.
 *
 * <p>The result's provenance is the ANN's plus the settings {@code conversion.method},
 * {@code conversion.form}, {@code conversion.maxpool}, and, when they apply,
 * {@code conversion.foldedBatchNorm}, {@code conversion.affineBatchNorm}, {@code conversion.droppedDropout} and
 * {@code conversion.replacedMaxPool} or {@code conversion.spikingMaxPool} (comma-separated layer
 * names). The integrate-and-fire layer of a quantized Rate Norm Layer (beyond the paper) keeps its
 * levels: the rates it approximates are the quantized ones, and its membranes are meant to start
 * at θ/2.
 */
public final class RateNormConversion implements ConversionMethod {
  /** The name the command line accepts. */
  public static final String NAME = "rnl";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The threshold θ_l of the Rate Norm Layer {@code layer} of {@code ann} (Eq. 6,
   * {@link Layer.RateNorm#threshold}), rounded to float as it is stored.
   */
  public static float threshold(Network ann, Layer.RateNorm layer) {
    double p = ann.parameter(layer.name() + "." + Layer.RateNorm.P_LOGIT).data()[0];
    double runningMax = ann.parameter(layer.name() + "." + Layer.RateNorm.RUNNING_MAX).data()[0];
    return (float) Layer.RateNorm.threshold(p, runningMax);
  }

  @Override
  public SpikingNetwork convert(Network ann, ConversionOptions options) {
    Architecture arch = ann.architecture();
    checkLayers(arch, options);
    Network folded = BatchNormFolding.fold(ann);
    List<String> affineBn = Graphs.names(folded.architecture().layers(), Layer.Affine.class);
    List<String> foldedBn = Graphs.names(arch.layers(), Layer.BatchNorm2d.class).stream()
        .filter(b -> !affineBn.contains(b)).toList();

    List<Layer> layers = new ArrayList<>(folded.architecture().layers());
    Map<String, Tensor> params = new LinkedHashMap<>(folded.parameters());
    List<String> dropped = Graphs.names(layers, Layer.Dropout.class);
    layers = Graphs.bypass(layers, dropped);
    Map<String, TheoremOneScaling.Neuron> neurons = new LinkedHashMap<>();
    for (Layer l : folded.architecture().layers()) {
      if (l instanceof Layer.RateNorm r) {
        float theta = threshold(folded, r);
        if (!(theta > 0)) {
          throw new IllegalArgumentException("layer '" + r.name() + "' (RateNorm): expected a "
              + "positive threshold sigmoid(p_logit)·running_max + ε (a positive running_max), found "
              + theta);
        }
        neurons.put(r.name(), new TheoremOneScaling.Neuron(new float[] {theta}, new float[] {1f}, false));
        params.remove(r.name() + "." + Layer.RateNorm.RUNNING_MAX);
        params.remove(r.name() + "." + Layer.RateNorm.P_LOGIT);
      }
    }
    List<String> maxPools = Graphs.applyMaxPoolPolicy(layers, options.maxPool());
    Architecture prepared = new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), layers);
    // the spiking layers of quantized Rate Norm Layers keep their levels
    Map<String, Layer> annLayers = arch.layersByName();
    List<Layer> snnLayers = TheoremOneScaling.apply(prepared, neurons, options.form(), params).stream()
        .map(l -> l instanceof Layer.IntegrateAndFire f
            && annLayers.get(f.name()) instanceof Layer.RateNorm r
            ? new Layer.IntegrateAndFire(f.name(), f.inputs(), f.perChannel(), r.levels()) : l)
        .toList();

    Map<String, String> settings = new HashMap<>();
    settings.put("conversion.method", NAME);
    settings.put("conversion.form", options.form().name());
    Graphs.putList(settings, "conversion.foldedBatchNorm", foldedBn);
    Graphs.putList(settings, "conversion.affineBatchNorm", affineBn);
    Graphs.putList(settings, "conversion.droppedDropout", dropped);
    Graphs.putMaxPool(settings, options.maxPool(), maxPools);
    Provenance provenance = ann.provenance().withSettings(settings);
    Architecture snn = new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), snnLayers);
    return new SpikingNetwork(new Network(snn, params, provenance));
  }

  /** Refuses, before any work, every layer this method cannot convert, and a non-Linear output. */
  private static void checkLayers(Architecture arch, ConversionOptions options) {
    for (Layer l : arch.layers()) {
      String at = "layer '" + l.name() + "' (" + l.getClass().getSimpleName() + "): ";
      if (l instanceof Layer.Relu) {
        throw new IllegalArgumentException(at + "the rnl method needs Rate Norm Layers in place "
            + "of ReLU; a ReLU network needs a baseline method (maxnorm, robustnorm, scaled or channelnorm)");
      } else if (l instanceof Layer.MaxPool2d && options.maxPool() == MaxPoolPolicy.FAIL) {
        throw Graphs.maxPoolRefused(at);
      } else if (l instanceof Layer.IntegrateAndFire) {
        throw new IllegalArgumentException(at + "the rnl method converts an ANN, but this layer "
            + "is already spiking");
      } else if (!(l instanceof Layer.Conv2d || l instanceof Layer.BatchNorm2d
          || l instanceof Layer.Linear || l instanceof Layer.Flatten || l instanceof Layer.AvgPool2d
          || l instanceof Layer.MaxPool2d || l instanceof Layer.Dropout
          || l instanceof Layer.RateNorm || l instanceof Layer.Add)) {
        throw new IllegalArgumentException(at + "the rnl method does not know how to convert "
            + "this layer type");
      }
    }
    Graphs.requireLinearOutput(arch, NAME);
  }

}
