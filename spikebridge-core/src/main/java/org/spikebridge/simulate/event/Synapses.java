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

  /**
   * The number of synapses: the fan-outs of all source neurons summed, which is what
   * {@link #addSpikes} adds when every source neuron spikes once.
   */
  long connections();

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

  /**
   * Whether a group of {@code group} images simulated in lockstep should add their spikes together
   * ({@link #addSpikes(int[][], int[], float[][], int, int[])}), so that each weight is read once
   * for the whole group: worth it when the weights are larger than the group's currents.
   */
  default boolean sharesReads(int group) {
    return false;
  }

  /** The length of the scratch array the grouped {@code addSpikes} needs for {@code group} images. */
  default int groupScratchSize(int group) {
    return scratchSize();
  }

  /**
   * Adds the spikes of {@code images} images at once: image g's spikes {@code spikes[g][0..counts[g])}
   * to {@code currents[g]}. Each image's currents depend on its own spikes only, and on the order in
   * which this map adds them, which is the same whatever the group.
   *
   * @param scratch {@link #groupScratchSize} ints, all 0 on the first call, left for the next one
   * @return the number of additions performed (synaptic operations)
   */
  default long addSpikes(int[][] spikes, int[] counts, float[][] currents, int images, int[] scratch) {
    long additions = 0;
    for (int g = 0; g < images; g++) {
      additions += addSpikes(spikes[g], counts[g], currents[g], scratch);
    }
    return additions;
  }

  /**
   * The same map with every weight negated: what a spike of −1 adds ({@link
   * org.spikebridge.simulate.ResetMode#SIGNED}).
   */
  Synapses negated();

  /** Adds the map of the analog source values {@code values} (one per source neuron) to {@code current}. */
  void addValues(float[] values, float[] current);
}
