package org.spikebridge.nir;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;

/**
 * Integrate-and-fire layers as NIR {@code IF} nodes. NIR's fields hold one value per neuron,
 * shaped like the layer's output: {@code r} = 1, {@code v_threshold} = θ of the neuron's channel
 * (or of the layer), {@code v_reset} = 0. NIR's IF resets to {@code v_reset}, SpikeBridge's
 * neurons reset by subtracting θ; the node's metadata says so and keeps what SpikeBridge's own
 * import restores:
 * <ul>
 *   <li>{@value #RESET} = {@value #SUBTRACT};</li>
 *   <li>{@value #PER_CHANNEL}: 1 when the layer has one threshold per channel, else 0;</li>
 *   <li>{@value #LEVELS}: the quantization levels of the Rate Norm Layer it stands for (0: none);</li>
 *   <li>{@value #INITIAL_MEMBRANE}: the v(0) the network was made for ({@code zero},
 *       {@code half_threshold} or {@code calibrated}, as {@link InitialMembrane#trainedFor}), and
 *       {@value #V_INITIAL}: that v(0) per neuron.</li>
 * </ul>
 */
final class IfNodes {
  /** Metadata key of the reset mode. */
  static final String RESET = "reset";
  /** The reset mode of SpikeBridge's neurons. */
  static final String SUBTRACT = "subtract";
  /** Metadata key of the per-channel flag. */
  static final String PER_CHANNEL = "threshold_per_channel";
  /** Metadata key of the quantization levels. */
  static final String LEVELS = "levels";
  /** Metadata key of the kind of initial membrane potential. */
  static final String INITIAL_MEMBRANE = "initial_membrane";
  /** Metadata key of the initial membrane potential per neuron. */
  static final String V_INITIAL = "v_initial";

  private IfNodes() {}

  /** The {@code IF} node of {@code layer}, whose output has shape {@code out}. */
  static NirNode node(SpikingNetwork snn, Layer.IntegrateAndFire layer, TensorShape out) {
    int[] shape = out.dims();
    float[] thresholds = perNeuron(snn.thresholds(layer), out);
    InitialMembrane start = InitialMembrane.trainedFor(snn);
    float[] v0 = new float[thresholds.length];
    if (start == InitialMembrane.HALF_THRESHOLD) {
      for (int j = 0; j < v0.length; j++) {
        v0[j] = thresholds[j] / 2;
      }
    } else if (start == InitialMembrane.CALIBRATED && layer.initialMembrane()) {
      v0 = perNeuron(snn.network().parameter(layer.name() + "."
          + Layer.IntegrateAndFire.INITIAL_MEMBRANE).data(), out);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("r", FloatArray.filled(shape, 1f));
    fields.put("v_threshold", new FloatArray(shape, thresholds));
    fields.put("v_reset", FloatArray.filled(shape, 0f));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(RESET, SUBTRACT);
    metadata.put(PER_CHANNEL, layer.perChannel() ? 1L : 0L);
    metadata.put(LEVELS, (long) layer.levels());
    metadata.put(INITIAL_MEMBRANE, start.name().toLowerCase(Locale.ROOT));
    metadata.put(V_INITIAL, new FloatArray(shape, v0));
    return new NirNode(layer.name(), "IF", fields, metadata);
  }

  /** One value per layer or per channel (dimension 0 of {@code out}) spread to every neuron. */
  private static float[] perNeuron(float[] values, TensorShape out) {
    float[] all = new float[Math.toIntExact(out.size())];
    int block = all.length / values.length;
    for (int j = 0; j < all.length; j++) {
      all[j] = values[j / block];
    }
    return all;
  }
}
