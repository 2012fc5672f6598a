package org.spikebridge.simulate;

/**
 * The integrate-and-fire neuron (Eq. 3 of Ding et al., IJCAI-21): at every step its membrane
 * potential v is charged with the step's input current, the neuron fires when v ≥ θ, and a spike
 * resets v as the {@link ResetMode} says: by subtraction (v ← v − θ, the paper's, so that the
 * charge above the threshold carries over to the next spike) or to zero. Below the threshold v
 * keeps whatever it holds, negative values included.
 *
 * <p>Static methods over flat arrays rather than an object per neuron: the event engine's inner
 * loops call them once per layer and step (or per spike), where the JIT inlines them. Every
 * engine uses this update: the event engine's layers (whole registers at a time where the Vector
 * API is present, with the same result) and the output neurons of {@link Readout#SPIKE_COUNT}; the
 * dense engine computes the same update on whole tensors.
 */
public final class IntegrateAndFireNeuron {
  /**
   * θ of the output neurons under {@link Readout#SPIKE_COUNT}: they are charged with the output
   * layer's current as it is.
   */
  public static final float OUTPUT_THRESHOLD = 1f;

  private IntegrateAndFireNeuron() {}

  /**
   * One step of a layer: for every neuron i, charges m = v[i] + current[i] (v may already hold
   * part of this step's input, as the event engine adds spikes into it), fires when m ≥ θ[i], and
   * keeps v[i] = {@link ResetMode#afterSpike reset.afterSpike}(m, θ[i]) if it fired (m − θ[i]
   * under {@link ResetMode#SUBTRACT}), m otherwise. Writes the indices of the neurons that fired to
   * {@code spikes}, in increasing order, without branches.
   *
   * @return the number of spikes
   */
  public static int chargeAndFire(float[] v, float[] current, float[] theta, ResetMode reset,
      int[] spikes) {
    return chargeAndFire(v, current, theta, reset, spikes, 0, v.length, 0);
  }

  /**
   * {@link #chargeAndFire(float[], float[], float[], ResetMode, int[])} for neurons {@code from}
   * to {@code to − 1} only, writing their spikes from {@code spikes[count]} on.
   *
   * @return {@code count} plus the number of these neurons' spikes
   */
  public static int chargeAndFire(float[] v, float[] current, float[] theta, ResetMode reset,
      int[] spikes, int from, int to, int count) {
    for (int i = from; i < to; i++) {
      float m = v[i] + current[i];
      // 1 when m ≥ θ: the sign bit of m − θ (exactly +0 when m = θ, as float subtraction never
      // rounds two different values to zero).
      int fire = ~Float.floatToRawIntBits(m - theta[i]) >>> 31;
      spikes[count] = i;
      count += fire;
      v[i] = fire == 0 ? m : reset.afterSpike(m, theta[i]);
    }
    return count;
  }

  /**
   * One step of a layer under {@link ResetMode#SIGNED}: for every neuron i, charges
   * m = v[i] + current[i]; fires when m ≥ θ[i] (v[i] = m − θ[i], its index to {@code fired});
   * else takes a spike back when m &lt; 0 and its net count {@code counts[i]} so far is positive
   * (v[i] = m + θ[i], its index to {@code withdrawn}); else keeps v[i] = m. The counts are read,
   * not changed. Both lists come out in increasing order; {@code tally} receives their lengths,
   * fired first.
   */
  public static void chargeAndFireSigned(float[] v, float[] current, float[] theta, int[] counts,
      int[] fired, int[] withdrawn, int[] tally) {
    tally[0] = 0;
    tally[1] = 0;
    chargeAndFireSigned(v, current, theta, counts, fired, withdrawn, tally, 0, v.length);
  }

  /**
   * {@link #chargeAndFireSigned(float[], float[], float[], int[], int[], int[], int[])} for neurons
   * {@code from} to {@code to − 1} only, adding to the lists after the {@code tally} they hold.
   */
  public static void chargeAndFireSigned(float[] v, float[] current, float[] theta, int[] counts,
      int[] fired, int[] withdrawn, int[] tally, int from, int to) {
    int up = tally[0];
    int down = tally[1];
    for (int i = from; i < to; i++) {
      float m = v[i] + current[i];
      if (m >= theta[i]) {
        m -= theta[i];
        fired[up++] = i;
      } else if (m < 0 && counts[i] > 0) {
        m += theta[i];
        withdrawn[down++] = i;
      }
      v[i] = m;
    }
    tally[0] = up;
    tally[1] = down;
  }

  /**
   * One step of neurons that share the threshold {@code theta}: for every neuron i, charges
   * v[i] with current[i], fires when v[i] ≥ θ, resets as {@code reset} says, and adds the spike to
   * counts[i].
   */
  public static void chargeAndCount(float[] v, float[] current, float theta, ResetMode reset,
      int[] counts) {
    for (int i = 0; i < v.length; i++) {
      float m = v[i] + current[i];
      boolean fire = m >= theta;
      v[i] = fire ? reset.afterSpike(m, theta) : m;
      counts[i] += fire ? 1 : 0;
    }
  }
}
