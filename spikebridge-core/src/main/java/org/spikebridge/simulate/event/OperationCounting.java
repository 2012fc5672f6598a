package org.spikebridge.simulate.event;

import java.util.List;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;

/**
 * Counts a spiking network's synapses for the energy model: the ANN's multiply-accumulates per
 * image from its Conv2d and Linear layers, and from the network compiled for the event engine the
 * synapses leaving the input and each spiking layer. Average pooling folded into a convolution
 * gives each source neuron its pooled pixel's fan-out; behind a spiking max pool the mean fan-out
 * is the pooled map's synapses over the layer's neurons, as if one spike of each window passed.
 */
public final class OperationCounting {

  private OperationCounting() {}

  /** The operation counts of {@code snn}, with a fan-out per spiking layer in its order. */
  public static OperationCounts of(SpikingNetwork snn) {
    EventNetwork network = EventNetwork.compile(snn);
    List<NeuronLayer> spiking = network.spiking();
    double[] synapses = new double[spiking.size()];
    double inputSynapses = 0;
    for (NeuronLayer target : network.targets()) {
      for (Projection p : target.projections()) {
        if (p.source() == Projection.INPUT) {
          inputSynapses += p.synapses().connections();
        } else {
          synapses[p.source()] += p.synapses().connections();
        }
      }
    }
    double[] fanOut = new double[spiking.size()];
    int[] neurons = new int[spiking.size()];
    for (int l = 0; l < fanOut.length; l++) {
      neurons[l] = spiking.get(l).size();
      fanOut[l] = synapses[l] / neurons[l];
    }
    return new OperationCounts(annMacs(snn.network().architecture()), inputSynapses, fanOut, neurons);
  }

  /** The multiply-accumulates of one image through every Conv2d and Linear layer: outputs × fan-in. */
  static double annMacs(Architecture architecture) {
    Map<String, TensorShape> shapes = architecture.outputShapes();
    double macs = 0;
    for (Layer layer : architecture.layers()) {
      if (layer instanceof Layer.Conv2d c) {
        macs += (double) shapes.get(c.name()).size() * c.inChannels() * c.kernel() * c.kernelWidth();
      } else if (layer instanceof Layer.Linear f) {
        macs += (double) f.inFeatures() * f.outFeatures();
      }
    }
    return macs;
  }
}
