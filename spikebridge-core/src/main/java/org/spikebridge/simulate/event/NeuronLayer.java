package org.spikebridge.simulate.event;

import java.util.Arrays;
import java.util.List;
import org.spikebridge.simulate.InitialMembrane;

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
 * @param initialMembrane the calibrated v(0) of every neuron, spread out as the thresholds; null
 *     when the layer has none
 */
record NeuronLayer(String name, float[] thresholds, float[] bias, List<Projection> projections, int channels,
    int levels, float[] initialMembrane) {

  /** The number of neurons. */
  int size() {
    return bias.length;
  }

  /** Sets {@code v} to every neuron's potential at t = 0 under {@code mode}. */
  void startMembrane(float[] v, InitialMembrane mode) {
    switch (mode) {
      case ZERO -> Arrays.fill(v, 0f);
      case HALF_THRESHOLD -> {
        for (int j = 0; j < v.length; j++) {
          v[j] = thresholds[j] / 2;
        }
      }
      case CALIBRATED -> {
        if (initialMembrane == null) {
          Arrays.fill(v, 0f);
        } else {
          System.arraycopy(initialMembrane, 0, v, 0, v.length);
        }
      }
    }
  }
}
