package org.spikebridge.simulate.event;

/**
 * The synaptic map from one source layer (the input or an integrate-and-fire layer) to the current
 * of a target layer, without bias. Both sides are laid out channels-last: a neuron of a [C, H, W]
 * layer is at {@code (y·W + x)·C + c}, and a [F] layer is [F, 1, 1].
 */
public interface Synapses {

  /** The number of neurons of the source layer. */
  int sourceSize();

  /** The number of neurons of the target layer. */
  int targetSize();

  /** The length of the scratch array {@link #addSpikes} needs; each thread owns its own. */
  default int scratchSize() {
    return 0;
  }

  /**
   * Adds the fan-out weights of every spiking source neuron {@code spikes[0..count)} to
   * {@code current}.
   *
   * @param scratch {@link #scratchSize()} ints, all 0, left all 0
   * @return the number of additions performed (synaptic operations)
   */
  long addSpikes(int[] spikes, int count, float[] current, int[] scratch);

  /** Adds the map of the analog source values {@code values} (one per source neuron) to {@code current}. */
  void addValues(float[] values, float[] current);
}
