package org.spikebridge.train;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Starts a Rate Norm network from a trained ReLU twin, so that fine-tuning begins where the ReLU
 * network is instead of from scratch. Each ReLU layer l becomes a Rate Norm Layer with
 * running_max = λ_l, the largest ReLU activation of that layer on calibration data, and p ≈ 1
 * (p = 1/2 for a quantized layer, {@link RateNormLayer#QUANTIZED_P_LOGIT}); its output a_l/θ_l is
 * then rescaled by the next weighted layer, whose weights are multiplied by θ_l = p·λ_l + ε
 * ({@link Layer.RateNorm#threshold}; as Max Norm does, Eq. 5). Where no activation exceeds θ_l a continuous Rate Norm network computes
 * exactly the ReLU network's logits.
 *
 * <p>Residual graphs: a sum whose inputs carry different scales (an identity shortcut carries
 * a/θ, the block's BatchNorm the true value) gets them equal by dividing the BatchNorm's (or
 * Conv's, Linear's) weight and bias by the missing factor; a Rate Norm Layer that reads a scaled
 * sum has its running_max divided by that scale, so that it clips where the ReLU's θ is; a
 * BatchNorm that reads a scaled sum has its running statistics scaled to match.
 */
public final class RateNormFromRelu {
  private RateNormFromRelu() {}

  /**
   * The Rate Norm network of architecture {@code target} (the ReLU architecture with Rate Norm
   * layers in place of the ReLUs, in the same order) initialized from {@code relu}.
   *
   * @param maxima λ_l for every ReLU layer of {@code relu}, by its name
   */
  public static Network initialize(Network relu, Architecture target, Map<String, Float> maxima,
      Provenance provenance) {
    List<Layer> from = relu.architecture().layers();
    List<Layer> to = target.layers();
    if (from.size() != to.size()) {
      throw new IllegalArgumentException("the ReLU network has " + from.size() + " layers, the Rate "
          + "Norm network " + to.size() + ": they must be twins");
    }
    Map<String, String> renamed = new HashMap<>();
    Map<String, Tensor> values = new LinkedHashMap<>();
    Map<String, Float> pendingScale = new HashMap<>();
    for (int i = 0; i < from.size(); i++) {
      Layer a = from.get(i);
      Layer b = to.get(i);
      renamed.put(a.name(), b.name());
      if (a instanceof Layer.Relu && b instanceof Layer.RateNorm rateNorm) {
        Float max = maxima.get(a.name());
        if (max == null || !(max > 0)) {
          throw new IllegalArgumentException("no positive activation maximum for ReLU layer '"
              + a.name() + "' (found " + max + ")");
        }
        float logit = rateNorm.levels() > 0 ? RateNormLayer.QUANTIZED_P_LOGIT
            : RateNormLayer.INITIAL_P_LOGIT;
        float in = inputScale(b, pendingScale);
        float runningMax = max / in;
        values.put(b.name() + "." + Layer.RateNorm.RUNNING_MAX, new Tensor(TensorShape.of(1),
            new float[] {runningMax}));
        values.put(b.name() + "." + Layer.RateNorm.P_LOGIT, new Tensor(TensorShape.of(1),
            new float[] {logit}));
        pendingScale.put(b.name(), in * (float) Layer.RateNorm.threshold(logit, runningMax));
        continue;
      }
      if (!a.getClass().equals(b.getClass())) {
        throw new IllegalArgumentException("layer " + i + " is '" + a.name() + "' ("
            + a.getClass().getSimpleName() + ") in the ReLU network but '" + b.name() + "' ("
            + b.getClass().getSimpleName() + ") in the Rate Norm network: they must be twins");
      }
      float scale = b instanceof Layer.Add ? equalScales(b, pendingScale, values) : inputScale(b, pendingScale);
      boolean weighted = b instanceof Layer.Conv2d || b instanceof Layer.Linear;
      boolean normalizes = b instanceof Layer.BatchNorm2d;
      if (!weighted && !normalizes && scale != 1) {
        pendingScale.put(b.name(), scale);
      }
      for (var e : relu.parameters().entrySet()) {
        String prefix = a.name() + ".";
        if (e.getKey().startsWith(prefix)) {
          String local = e.getKey().substring(prefix.length());
          Tensor t = e.getValue();
          float factor = scale == 1 ? 1 : weighted && local.equals("weight") ? scale
              : normalizes && local.equals("running_mean") ? 1 / scale
              : normalizes && local.equals("running_var") ? 1 / (scale * scale) : 1;
          values.put(b.name() + "." + local, factor != 1 ? scaled(t, factor) : t);
        }
      }
    }
    return new Network(target, values, provenance);
  }

  /** The scale of a one-input layer's input: its output is the ReLU network's divided by it. */
  private static float inputScale(Layer layer, Map<String, Float> pendingScale) {
    float scale = 1;
    for (String input : layer.inputs()) {
      scale *= pendingScale.getOrDefault(input, 1f);
    }
    return scale;
  }

  /**
   * The common scale of a sum's inputs: the largest, reached by the others by dividing the weight
   * and bias of the BatchNorm, Conv or Linear layer that computes them; an exception naming the
   * sum where an input cannot be rescaled.
   */
  private static float equalScales(Layer add, Map<String, Float> pendingScale, Map<String, Tensor> values) {
    float target = 1;
    for (String input : add.inputs()) {
      target = Math.max(target, pendingScale.getOrDefault(input, 1f));
    }
    for (String input : add.inputs()) {
      float factor = pendingScale.getOrDefault(input, 1f) / target;
      if (factor == 1) {
        continue;
      }
      Tensor weight = values.get(input + ".weight");
      if (weight == null || pendingScale.containsKey(input)) {
        throw new IllegalArgumentException("cannot start a Rate Norm network from the ReLU network: the sum '"
            + add.name() + "' adds '" + input + "', whose scale no weight of its own can change");
      }
      values.put(input + ".weight", scaled(weight, factor));
      Tensor bias = values.get(input + ".bias");
      if (bias != null) {
        values.put(input + ".bias", scaled(bias, factor));
      }
    }
    return target;
  }

  private static Tensor scaled(Tensor t, float factor) {
    float[] data = t.data().clone();
    for (int i = 0; i < data.length; i++) {
      data[i] *= factor;
    }
    return new Tensor(t.shape(), data);
  }
}
