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
        values.put(b.name() + "." + Layer.RateNorm.RUNNING_MAX, new Tensor(TensorShape.of(1),
            new float[] {max}));
        values.put(b.name() + "." + Layer.RateNorm.P_LOGIT, new Tensor(TensorShape.of(1),
            new float[] {logit}));
        pendingScale.put(b.name(), (float) Layer.RateNorm.threshold(logit, max));
        continue;
      }
      if (!a.getClass().equals(b.getClass())) {
        throw new IllegalArgumentException("layer " + i + " is '" + a.name() + "' ("
            + a.getClass().getSimpleName() + ") in the ReLU network but '" + b.name() + "' ("
            + b.getClass().getSimpleName() + ") in the Rate Norm network: they must be twins");
      }
      float scale = 1;
      for (String input : b.inputs()) {
        scale *= pendingScale.getOrDefault(input, 1f);
      }
      boolean weighted = b instanceof Layer.Conv2d || b instanceof Layer.Linear;
      if (!weighted && scale != 1) {
        pendingScale.put(b.name(), scale);
      }
      for (var e : relu.parameters().entrySet()) {
        String prefix = a.name() + ".";
        if (e.getKey().startsWith(prefix)) {
          String local = e.getKey().substring(prefix.length());
          Tensor t = e.getValue();
          values.put(b.name() + "." + local, weighted && local.equals("weight") && scale != 1
              ? scaled(t, scale) : t);
        }
      }
    }
    return new Network(target, values, provenance);
  }

  private static Tensor scaled(Tensor t, float factor) {
    float[] data = t.data().clone();
    for (int i = 0; i < data.length; i++) {
      data[i] *= factor;
    }
    return new Tensor(t.shape(), data);
  }
}
