package org.spikebridge.simulate;

/** The membrane potential of every integrate-and-fire neuron at t = 0. */
public enum InitialMembrane {
  /** v(0) = 0, as in the paper's proofs. */
  ZERO,
  /** v(0) = θ/2, which halves the rounding error of the firing rate (Rueckauer et al. 2017). */
  HALF_THRESHOLD
}
