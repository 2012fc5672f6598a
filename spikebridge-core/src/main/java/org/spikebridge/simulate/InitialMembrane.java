package org.spikebridge.simulate;

import org.spikebridge.convert.SpikingNetwork;

/** The membrane potential of every integrate-and-fire neuron at t = 0. */
public enum InitialMembrane {
  /** v(0) = 0, as in the paper's proofs. */
  ZERO,
  /** v(0) = θ/2, which halves the rounding error of the firing rate (Rueckauer et al. 2017). */
  HALF_THRESHOLD,
  /**
   * v(0) as post-conversion calibration chose it for each layer (the layer's
   * {@code initial_membrane} parameter); 0 in a layer without one.
   */
  CALIBRATED;

  /**
   * The v(0) {@code snn} was made for: the calibrated one when some spiking layer holds one, else
   * θ/2 when a spiking layer stands for a quantized Rate Norm Layer (its half-step shift stands for
   * that start), else 0.
   */
  public static InitialMembrane trainedFor(SpikingNetwork snn) {
    if (snn.spikingLayers().stream().anyMatch(l -> l.initialMembrane())) {
      return CALIBRATED;
    }
    return snn.spikingLayers().stream().anyMatch(l -> l.levels() > 0) ? HALF_THRESHOLD : ZERO;
  }
}
