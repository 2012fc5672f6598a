package org.spikebridge.simulate;

import java.util.Locale;

/**
 * What a spike does to the membrane potential of an integrate-and-fire neuron. Every engine's
 * neurons, and the output neurons of {@link Readout#SPIKE_COUNT}, reset this way.
 */
public enum ResetMode {
  /**
   * Reset by subtraction, v ← m − θ (Eq. 3 of Ding et al., IJCAI-21): the charge above the
   * threshold carries over to the next spike, so the firing rate tracks the input current.
   */
  SUBTRACT,
  /**
   * Reset to zero, v ← 0, as NIR's IF neuron with v_reset = 0: the charge above the threshold is
   * lost, so the firing rate underestimates the input current. The reset goes to 0 whatever the
   * initial potential v(0) ({@link InitialMembrane}) was.
   */
  ZERO;

  /** The potential a neuron keeps after it fires with potential {@code m} ≥ {@code theta}. */
  public float afterSpike(float m, float theta) {
    return this == ZERO ? 0f : m - theta;
  }

  /** The mode as the command line and provenance name it: {@code subtract} or {@code zero}. */
  public String describe() {
    return name().toLowerCase(Locale.ROOT);
  }
}
