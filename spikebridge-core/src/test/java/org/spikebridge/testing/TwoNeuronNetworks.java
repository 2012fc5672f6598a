package org.spikebridge.testing;

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

/**
 * Hand-made spiking networks whose spikes follow from their inputs: a [2, 1, 1] input feeds two
 * integrate-and-fire neurons (θ = 1) one to one, so a neuron with input current x fires ⌊x·t⌋
 * times by step t under reset by subtraction; a 2 → 2 Linear layer reads them out.
 */
public final class TwoNeuronNetworks {
  private TwoNeuronNetworks() {}

  /** The network with the read-out weights {@code fcWeight} (row-major 2×2) and bias {@code fcBias}. */
  public static SpikingNetwork readOut(float[] fcWeight, float[] fcBias, Map<String, String> settings) {
    Architecture a = new Architecture("two", TensorShape.of(2, 1, 1), 2, List.of(
        new Layer.Flatten("flatten", List.of("input")),
        new Layer.Linear("hidden", List.of("flatten"), 2, 2, true),
        new Layer.IntegrateAndFire("if", List.of("hidden"), false, 0),
        new Layer.Linear("fc", List.of("if"), 2, 2, true)));
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("hidden.weight", new Tensor(TensorShape.of(2, 2), new float[] {1, 0, 0, 1}));
    p.put("hidden.bias", new Tensor(TensorShape.of(2), new float[] {0, 0}));
    p.put("if.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", new Tensor(TensorShape.of(2, 2), fcWeight));
    p.put("fc.bias", new Tensor(TensorShape.of(2), fcBias));
    return new SpikingNetwork(new Network(a, p, new Provenance("hand", 1, "test", Map.of(), settings)));
  }
}
