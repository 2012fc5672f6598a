package org.spikebridge.simulate;

import org.spikebridge.convert.SpikingNetwork;

/** The membrane potential of every integrate-and-fire neuron at t = 0. */
public enum InitialMembrane {
  /** v(0) = 0, as in the paper's proofs. */
  ZERO,
  /** v(0) = θ/2, which halves the rounding error of the firing rate (Rueckauer et al. 2017). */
  HALF_THRESHOLD;

  /**
   * The v(0) a conversion recorded for {@code snn} ({@link SpikingNetwork#INITIAL_MEMBRANE}: θ/2 for
   * quantized Rate Norm Layers, whose half-step shift stands for it), else {@link #ZERO}; an unknown
   * recorded value is an exception naming the setting.
   */
  public static InitialMembrane recordedIn(SpikingNetwork snn) {
    String value = snn.network().provenance().settings().get(SpikingNetwork.INITIAL_MEMBRANE);
    if (value == null) {
      return ZERO;
    }
    for (InitialMembrane v : values()) {
      if (v.name().equals(value)) {
        return v;
      }
    }
    throw new IllegalArgumentException("provenance setting " + SpikingNetwork.INITIAL_MEMBRANE
        + ": expected ZERO or HALF_THRESHOLD, found '" + value + "'");
  }
}
