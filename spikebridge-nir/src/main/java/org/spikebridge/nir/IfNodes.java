package org.spikebridge.nir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Tensor;
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

  /**
   * The integrate-and-fire layer of {@code IF} node {@code f} reading {@code input} of shape
   * {@code in}: {@code v_threshold} shaped like the input and the same within each channel (one
   * threshold per channel) or for all neurons (one per layer), {@code r} = 1 and {@code v_reset} =
   * 0 where given. The metadata SpikeBridge writes restores the per-channel flag, the levels and
   * a calibrated v(0); a node without it resets to zero in NIR, which {@code notices} records as
   * imported with SpikeBridge's reset by subtraction.
   */
  static ImportedLayer layer(String name, NodeFields f, String input, TensorShape in,
      List<String> notices) throws FileFormatException {
    int[] shape = in.dims();
    float[] thresholds = f.floats("v_threshold", shape).data();
    requireAll(f, "r", shape, 1f);
    requireAll(f, "v_reset", shape, 0f);
    Map<String, Object> metadata = f.metadata();
    if (!SUBTRACT.equals(metadata.get(RESET))) {
      notices.add("IF node '" + name + "' resets to v_reset = 0 in NIR; imported with "
          + "SpikeBridge's reset by subtraction");
    }
    int channels = in.dim(0);
    boolean perChannel = Long.valueOf(1).equals(metadata.get(PER_CHANNEL))
        || perChannelValues(thresholds, 1) == null;
    float[] theta = perChannelValues(thresholds, perChannel ? channels : 1);
    if (theta == null) {
      throw f.error("v_threshold", "one threshold per layer or per channel (dimension 0)",
          "different thresholds within a channel");
    }
    long levels = metadata.get(LEVELS) instanceof Long l ? l : 0;
    if (levels < 0 || levels > Integer.MAX_VALUE) {
      throw f.error("metadata/" + LEVELS, "0 (continuous) or a positive number of levels", levels);
    }
    boolean calibrated = "calibrated".equals(metadata.get(INITIAL_MEMBRANE))
        && metadata.get(V_INITIAL) instanceof FloatArray;
    Layer.IntegrateAndFire layer = new Layer.IntegrateAndFire(name, List.of(input), perChannel,
        (int) levels, calibrated);
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put(name + "." + Layer.IntegrateAndFire.THRESHOLD, new Tensor(TensorShape.of(theta.length),
        theta));
    if (calibrated) {
      FloatArray v0 = (FloatArray) metadata.get(V_INITIAL);
      float[] start = Arrays.equals(v0.shape(), shape) ? perChannelValues(v0.data(), theta.length)
          : null;
      if (start == null) {
        throw f.error("metadata/" + V_INITIAL, "one v(0) per layer or per channel, shaped "
            + in, v0.toString());
      }
      p.put(name + "." + Layer.IntegrateAndFire.INITIAL_MEMBRANE,
          new Tensor(TensorShape.of(start.length), start));
    }
    return new ImportedLayer(layer, p);
  }

  /**
   * The {@code groups} values that {@code all} repeats in equal consecutive blocks (one per
   * channel, or one for the layer), or null when a block holds different values.
   */
  private static float[] perChannelValues(float[] all, int groups) {
    int block = all.length / groups;
    float[] values = new float[groups];
    for (int j = 0; j < all.length; j++) {
      if (j % block == 0) {
        values[j / block] = all[j];
      } else if (Float.compare(all[j], values[j / block]) != 0) {
        return null;
      }
    }
    return values;
  }

  /** Refuses an optional field that is not {@code expected} for every neuron. */
  private static void requireAll(NodeFields f, String field, int[] shape, float expected)
      throws FileFormatException {
    FloatArray a = f.optionalFloats(field, shape);
    for (int j = 0; a != null && j < a.data().length; j++) {
      if (a.data()[j] != expected) {
        throw f.error(field, expected + " for every neuron (SpikeBridge's integrate-and-fire "
            + "neurons)", a.data()[j] + " at flat index " + j);
      }
    }
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
