package org.spikebridge.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Spiking networks small enough to know every value of their NIR form by hand. */
final class HandNetworks {
  static final Provenance PROVENANCE = new Provenance("hand", 7, "test", Map.of(),
      Map.of("dataset", "fashion-mnist"));

  private HandNetworks() {}

  /**
   * input [1, 4, 4] → conv (1 → 2, 1×1, weights 1 and 2, bias 0.5 and −0.5) → if1 (θ 1 and 2 per
   * channel) → pool (average 2×2) → flat → fc (8 → 3, weight i·0.5 at flat index i, bias 0.1).
   */
  static SpikingNetwork pooled() {
    Architecture a = new Architecture("pooled", TensorShape.of(1, 4, 4), 3, List.of(
        new Layer.Conv2d("conv", List.of("input"), 1, 2, 1, 1, 0, true),
        new Layer.IntegrateAndFire("if1", List.of("conv"), true),
        new Layer.AvgPool2d("pool", List.of("if1"), 2, 2, 0),
        new Layer.Flatten("flat", List.of("pool")),
        new Layer.Linear("fc", List.of("flat"), 8, 3, true)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", new Tensor(TensorShape.of(2, 1, 1, 1), new float[] {1, 2}));
    p.put("conv.bias", new Tensor(TensorShape.of(2), new float[] {0.5f, -0.5f}));
    p.put("if1.threshold", new Tensor(TensorShape.of(2), new float[] {1, 2}));
    float[] w = new float[24];
    for (int i = 0; i < w.length; i++) {
      w[i] = i * 0.5f;
    }
    p.put("fc.weight", new Tensor(TensorShape.of(3, 8), w));
    p.put("fc.bias", Tensor.filled(TensorShape.of(3), 0.1f));
    return new SpikingNetwork(new Network(a, p, PROVENANCE));
  }

  /**
   * input [1, 2, 2] → a (conv 1×1) → ia (IF) → b (conv 1×1) → sum = add(b, a) → is (IF) → flat →
   * fc (4 → 2): the residual join 'sum' has no node of its own in NIR.
   */
  static SpikingNetwork residual() {
    Architecture arch = new Architecture("residual", TensorShape.of(1, 2, 2), 2, List.of(
        new Layer.Conv2d("a", List.of("input"), 1, 1, 1, 1, 0, false),
        new Layer.IntegrateAndFire("ia", List.of("a"), false),
        new Layer.Conv2d("b", List.of("ia"), 1, 1, 1, 1, 0, false),
        new Layer.Add("sum", List.of("b", "a")),
        new Layer.IntegrateAndFire("is", List.of("sum"), false),
        new Layer.Flatten("flat", List.of("is")),
        new Layer.Linear("fc", List.of("flat"), 4, 2, false)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("a.weight", new Tensor(TensorShape.of(1, 1, 1, 1), new float[] {0.75f}));
    p.put("ia.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("b.weight", new Tensor(TensorShape.of(1, 1, 1, 1), new float[] {0.5f}));
    p.put("is.threshold", new Tensor(TensorShape.of(1), new float[] {1.5f}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 4), new float[] {1, 1, 0, 0, 0, 0, 1, 1}));
    return new SpikingNetwork(new Network(arch, p, PROVENANCE));
  }

  /** {@link #pooled()} with max pooling in place of the average. */
  static SpikingNetwork maxPooled() {
    Network n = pooled().network();
    Architecture a = n.architecture().replace(new Layer.MaxPool2d("pool", List.of("if1"), 2, 2, 0));
    return new SpikingNetwork(new Network(a, n.parameters(), n.provenance()));
  }

  /** {@link #pooled()} with an IF layer 'ip' (θ = 1) between the pooling and the flattening. */
  static SpikingNetwork pooledIntoNeurons() {
    Network n = pooled().network();
    List<Layer> layers = new ArrayList<>(n.architecture().layers());
    layers.add(3, new Layer.IntegrateAndFire("ip", List.of("pool"), false));
    layers.set(4, new Layer.Flatten("flat", List.of("ip")));
    Map<String, Tensor> p = new LinkedHashMap<>(n.parameters());
    p.put("ip.threshold", Tensor.filled(TensorShape.of(1), 1f));
    Architecture a = new Architecture("pooled", TensorShape.of(1, 4, 4), 3, layers);
    return new SpikingNetwork(new Network(a, p, PROVENANCE));
  }
}
