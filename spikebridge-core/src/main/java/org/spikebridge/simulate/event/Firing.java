package org.spikebridge.simulate.event;

import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.ResetMode;

/**
 * The event engine's step of a layer of integrate-and-fire neurons, {@link
 * IntegrateAndFireNeuron#chargeAndFire}: a register of neurons at a time with the Vector API where
 * the JVM has it ({@link WeightRuns#vectorized()}), else the plain loop. Both give the same
 * potentials and the same spikes in the same order.
 */
final class Firing {
  private Firing() {}

  /**
   * Charges neurons 0 to {@code neurons − 1} of {@code v} with {@code current}, fires and resets
   * them as {@code reset} says; their spikes go to {@code spikes}, in increasing order.
   *
   * @return the number of spikes
   */
  static int chargeAndFire(float[] v, float[] current, float[] theta, ResetMode reset, int neurons,
      int[] spikes) {
    return WeightRuns.vectorized() ? VectorFiring.chargeAndFire(v, current, theta, reset, neurons, spikes)
        : IntegrateAndFireNeuron.chargeAndFire(v, current, theta, reset, spikes, 0, neurons, 0);
  }

  /**
   * {@link IntegrateAndFireNeuron#chargeAndFireSigned} of neurons 0 to {@code neurons − 1}: a
   * register at a time where the Vector API is present, with the same potentials and lists.
   */
  static void chargeAndFireSigned(float[] v, float[] current, float[] theta, int[] counts,
      int neurons, int[] fired, int[] withdrawn, int[] tally) {
    tally[0] = 0;
    tally[1] = 0;
    int from = WeightRuns.vectorized()
        ? VectorFiring.chargeAndFireSigned(v, current, theta, counts, neurons, fired, withdrawn, tally) : 0;
    IntegrateAndFireNeuron.chargeAndFireSigned(v, current, theta, counts, fired, withdrawn, tally, from,
        neurons);
  }

  /**
   * Lists the neurons that can fire under a constant current, in increasing order: those whose
   * current is positive or whose potential starts at θ or above (a current ≤ 0 never raises a
   * potential below θ to it). Returns how many.
   */
  static int live(float[] v0, float[] current, float[] theta, int[] live) {
    int count = 0;
    int j = 0;
    if (WeightRuns.vectorized()) {
      count = VectorFiring.live(v0, current, theta, live);
      j = VectorFiring.registers(current.length);
    }
    for (; j < current.length; j++) {
      if (current[j] > 0 || v0[j] >= theta[j]) {
        live[count++] = j;
      }
    }
    return count;
  }

  /**
   * Turns each neuron's current I into its rate limit clip(I / θ, 0, 1) (Lemma 1), in place: {@link
   * org.spikebridge.network.Layer#quantizedRate} without levels, the same float, a register at a
   * time where the Vector API is present.
   */
  static void rateLimits(float[] current, float[] theta) {
    int j = WeightRuns.vectorized() ? VectorFiring.rateLimits(current, theta) : 0;
    for (; j < current.length; j++) {
      current[j] = Math.min(Math.max(current[j] / theta[j], 0f), 1f);
    }
  }

  /** The most steps {@link #chargeAndFireSteps} simulates at once: one bit per step in an int. */
  static final int MAX_STEPS = Integer.SIZE;

  /**
   * {@code steps} steps (at most {@link #MAX_STEPS}) of neurons 0 to {@code neurons − 1} under a
   * current that is the same at every step: each step is {@link
   * IntegrateAndFireNeuron#chargeAndFire}'s, neuron by neuron, so the potentials and spikes are
   * its own bit for bit. Bit b of {@code firedSteps[i]} is set when neuron i fired at step b.
   */
  static void chargeAndFireSteps(float[] v, float[] current, float[] theta, ResetMode reset,
      int neurons, int steps, int[] firedSteps) {
    if (steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], found " + steps);
    }
    int from = WeightRuns.vectorized()
        ? VectorFiring.chargeAndFireSteps(v, current, theta, reset, neurons, steps, firedSteps) : 0;
    for (int i = from; i < neurons; i++) {
      float m = v[i];
      int fired = 0;
      for (int b = 0; b < steps; b++) {
        m += current[i];
        int fire = ~Float.floatToRawIntBits(m - theta[i]) >>> 31;
        fired |= fire << b;
        m = fire == 0 ? m : reset.afterSpike(m, theta[i]);
      }
      v[i] = m;
      firedSteps[i] = fired;
    }
  }
}
