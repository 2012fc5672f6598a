package org.spikebridge.simulate.event;

/**
 * One-to-one synapses: the identity branch of a residual connection (Add). Each source neuron
 * feeds the target neuron at the same place with the weight of its channel: 1 for a plain identity
 * branch, the scale of the per-channel Affine maps (BatchNorm on a residual sum) on the way.
 *
 * @param size neurons on each side
 * @param channelWeights one weight per channel (channels-last: neuron i is in channel
 *     i mod channelWeights.length)
 */
record IdentitySynapses(int size, float[] channelWeights) implements Synapses {

  @Override
  public int sourceSize() {
    return size;
  }

  @Override
  public int targetSize() {
    return size;
  }

  @Override
  public long connections() {
    return size;
  }

  @Override
  public long addSpikes(int[] spikes, int count, float[] current, int[] scratch) {
    int channels = channelWeights.length;
    for (int i = 0; i < count; i++) {
      current[spikes[i]] += channelWeights[spikes[i] % channels];
    }
    return count;
  }

  @Override
  public Synapses negated() {
    float[] negated = new float[channelWeights.length];
    for (int c = 0; c < negated.length; c++) {
      negated[c] = -channelWeights[c];
    }
    return new IdentitySynapses(size, negated);
  }

  @Override
  public void addValues(float[] values, float[] current) {
    int channels = channelWeights.length;
    for (int i = 0; i < size; i++) {
      current[i] += channelWeights[i % channels] * values[i];
    }
  }
}
