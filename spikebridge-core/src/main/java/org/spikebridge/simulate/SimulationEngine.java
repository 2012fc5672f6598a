package org.spikebridge.simulate;

import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Layer;

/**
 * Runs a {@link SpikingNetwork} step by step on a batch. Every engine must give the same spike
 * counts per layer as the reference engine on the same network and input (summation order aside).
 *
 * <p>One step t: each integrate-and-fire layer l charges m_l(t) = v_l(t−1) + I_l(t), fires
 * s_l(t) = U(m_l(t) − θ_l) and resets by subtraction v_l(t) = m_l(t) − θ_l·s_l(t) (Eq. 3), where the
 * current I_l(t) is the layer's synaptic map (the linear layers between it and its source) applied to
 * the source's spikes (or to the input). Under {@link ResetMode#ZERO} the reset is
 * v_l(t) = m_l(t)·(1 − s_l(t)) instead ({@link SimulationOptions#reset()}); under {@link
 * ResetMode#SIGNED} a neuron with m_l(t) &lt; 0 and a positive net count takes a spike back,
 * s_l(t) = −1, and v_l(t) = m_l(t) + θ_l.
 */
public interface SimulationEngine {

  /** A short name for reports and the command line, e.g. {@code dense-djl}. */
  String name();

  /**
   * Simulates {@code batch} for {@code options.timesteps()} steps, telling {@code observer} about
   * the batch and each step. The batch holds what the network's input expects: normalized images
   * for constant coding; for Poisson coding, intensities in [0, 1] for a network whose first layer
   * absorbed the input normalization.
   */
  void simulate(SpikingNetwork network, Batch batch, SimulationOptions options, StepObserver observer);

  /**
   * Refuses {@link ResetMode#SIGNED} on a network with spiking max pooling, which passes on a
   * window's spikes of 1 and has no meaning for a spike taken back.
   */
  static void checkSignedSpikes(SpikingNetwork network, SimulationOptions options) {
    if (options.reset().signed() && network.network().architecture().layers().stream()
        .anyMatch(Layer.MaxPool2d.class::isInstance)) {
      throw new IllegalArgumentException("network " + network.network().architecture().name()
          + " has spiking max pooling, which passes on spikes of 1 only: reset signed needs "
          + "average pooling or none");
    }
  }
}
