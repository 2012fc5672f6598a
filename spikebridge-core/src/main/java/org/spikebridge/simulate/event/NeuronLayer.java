package org.spikebridge.simulate.event;

import java.util.List;

/**
 * A layer of neurons with the synaptic maps that feed it current: an integrate-and-fire layer or
 * the non-spiking output layer, in channels-last order.
 *
 * @param name the layer's name in the architecture
 * @param thresholds θ of every neuron (per-layer or per-channel thresholds spread out); null for
 *     the output layer
 * @param bias the constant current of every neuron: the biases of the synaptic maps feeding it
 * @param projections the maps that feed it, summed
 * @param channels its channels C (neuron s of a [C, H, W] layer is at (y·W + x)·C + c)
 * @param levels the levels of the quantized rates it stands for (0: continuous, and the output)
 */
record NeuronLayer(String name, float[] thresholds, float[] bias, List<Projection> projections, int channels,
    int levels) {

  /** The number of neurons. */
  int size() {
    return bias.length;
  }
}
