package org.spikebridge.simulate.event;

/**
 * One incoming synaptic map of a layer.
 *
 * @param source the index of the source spiking layer, or {@link #INPUT} for the network's input
 * @param synapses the map from the source's neurons to the target's currents
 */
record Projection(int source, Synapses synapses) {
  /** The source index of the network's input. */
  static final int INPUT = -1;
}
