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
}
