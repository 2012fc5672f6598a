package org.spikebridge.simulate;

import java.util.Locale;
import org.spikebridge.convert.SpikingNetwork;

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
  ZERO,
  /**
   * Signed spikes: reset by subtraction, and a neuron whose potential falls below 0 after it has
   * fired takes one spike back, v ← m + θ, sending a spike of −1 (the signed neuron with memory of
   * Wang et al., IJCAI 2022). A neuron's net count is then never negative, and after the input has
   * arrived it is the count the accumulated charge asks for, whatever the order the input came
   * in: the spikes a neuron fired too early on early excitatory input are taken back when
   * inhibitory input follows. The output neurons of {@link Readout#SPIKE_COUNT} reset by
   * subtraction and send no spikes back.
   */
  SIGNED;

  /** The provenance key of the reset a network was calibrated for. */
  public static final String CALIBRATED_FOR = "calibration.reset";

  /**
   * The reset {@code snn} was made for: the one its calibration recorded
   * ({@code calibrate --reset}), else {@link #SUBTRACT}, the paper's.
   */
  public static ResetMode trainedFor(SpikingNetwork snn) {
    String recorded = snn.network().provenance().settings().get(CALIBRATED_FOR);
    for (ResetMode mode : values()) {
      if (mode.describe().equals(recorded)) {
        return mode;
      }
    }
    return SUBTRACT;
  }

  /** The potential a neuron keeps after it fires with potential {@code m} ≥ {@code theta}. */
  public float afterSpike(float m, float theta) {
    return this == ZERO ? 0f : m - theta;
  }

  /** Whether a neuron may take a spike back: {@link #SIGNED}. */
  public boolean signed() {
    return this == SIGNED;
  }

  /**
   * The mode as the command line and provenance name it: {@code subtract}, {@code zero} or
   * {@code signed}.
   */
  public String describe() {
    return name().toLowerCase(Locale.ROOT);
  }
}
