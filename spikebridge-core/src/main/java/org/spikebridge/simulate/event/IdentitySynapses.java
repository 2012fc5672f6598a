package org.spikebridge.simulate.event;

/** One-to-one synapses of weight 1: the identity branch of a residual connection (Add). */
record IdentitySynapses(int size) implements Synapses {

  @Override
  public int sourceSize() {
    return size;
  }

  @Override
  public int targetSize() {
    return size;
  }

  @Override
  public long addSpikes(int[] spikes, int count, float[] current, int[] scratch) {
    for (int i = 0; i < count; i++) {
      current[spikes[i]] += 1f;
    }
    return count;
  }

  @Override
  public void addValues(float[] values, float[] current) {
    for (int i = 0; i < size; i++) {
      current[i] += values[i];
    }
  }
}
