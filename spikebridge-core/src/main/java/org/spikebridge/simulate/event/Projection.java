package org.spikebridge.simulate.event;

/**
 * One incoming synaptic map of a layer.
 *
 * @param source the index of the source spiking layer, or {@link #INPUT} for the network's input
 * @param maxPool the spiking max pooling that gates the source's spikes before the synapses, or
 *     null when they read the source's spikes themselves
 * @param synapses the map from the source's neurons (the max pool's outputs, when gated) to the
 *     target's currents
 */
record Projection(int source, SpikingMaxPool maxPool, Synapses synapses) {
  /** The source index of the network's input. */
  static final int INPUT = -1;

  /** A map that reads the source's spikes themselves. */
  Projection(int source, Synapses synapses) {
    this(source, null, synapses);
  }

  /**
   * Adds the map of the analog source values {@code values} (one per source neuron, max-pooled
   * first when gated) to {@code current}: the analog pass.
   */
  void addValues(float[] values, float[] current) {
    synapses.addValues(maxPool == null ? values : maxPool.pool(values), current);
  }
}
