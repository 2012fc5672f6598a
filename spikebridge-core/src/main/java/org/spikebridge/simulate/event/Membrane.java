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
      float reset = m - theta[i];
      // 1 when m ≥ θ: the sign bit of m − θ (exactly +0 when m = θ, as float subtraction never
      // rounds two different values to zero).
      int fire = ~Float.floatToRawIntBits(reset) >>> 31;
      spikes[count] = i;
      count += fire;
      v[i] = fire == 0 ? m : reset;
    }
    return count;
  }
}
