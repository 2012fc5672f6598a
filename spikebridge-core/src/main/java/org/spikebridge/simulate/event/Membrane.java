package org.spikebridge.simulate.event;

/** The neuron update of Eq. 3 on flat arrays: charge, fire, reset by subtraction. */
public final class Membrane {
  private Membrane() {}

  /**
   * For every neuron i: m = v[i] + drive[i] (v already holds this step's synaptic current),
   * fires when m ≥ θ[i] and keeps v[i] = m − θ[i] if it fired, m otherwise. Writes the indices of
   * the neurons that fired to {@code spikes}, in increasing order, without branches.
   *
   * @return the number of spikes
   */
  public static int chargeAndFire(float[] v, float[] drive, float[] theta, int[] spikes) {
    int count = 0;
    for (int i = 0; i < v.length; i++) {
      float m = v[i] + drive[i];
      boolean fire = m >= theta[i];
      spikes[count] = i;
      count += fire ? 1 : 0;
      v[i] = fire ? m - theta[i] : m;
    }
    return count;
  }
}
