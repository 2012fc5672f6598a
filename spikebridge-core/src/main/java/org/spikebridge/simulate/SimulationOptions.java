package org.spikebridge.simulate;

import java.io.Serializable;

/**
 * How to simulate: number of steps, input coding, initial membrane potential, readout, seed,
 * early exit and reset.
 *
 * @param timesteps T, the number of 1-ms steps; every step 1..T is recorded
 * @param coding constant current or Poisson spikes
 * @param initialMembrane v(0)
 * @param readout how the output becomes a prediction
 * @param seed fixes the Poisson spikes
 * @param earlyExit when an image may stop before T
 * @param reset what a spike does to the membrane potential
 */
public record SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
    Readout readout, long seed, EarlyExit earlyExit, ResetMode reset) implements Serializable {

  /** Checks that T is positive and the early exit and reset given. */
  public SimulationOptions {
    if (timesteps <= 0) {
      throw new IllegalArgumentException("timesteps must be > 0, found " + timesteps);
    }
    if (earlyExit == null) {
      throw new IllegalArgumentException("early exit: expected a rule (EarlyExit.NONE for none), found null");
    }
    if (reset == null) {
      throw new IllegalArgumentException("reset: expected a mode (ResetMode.SUBTRACT for Eq. 3), found null");
    }
    if (reset.signed() && earlyExit.criterion() == EarlyExit.Criterion.EXACT) {
      throw new IllegalArgumentException("early exit exact bounds spikes of 0 or 1 and cannot be "
          + "used with reset signed, whose spikes may be −1: use the confident early exit");
    }
  }

  /** Options with the early exit {@code earlyExit} and reset by subtraction. */
  public SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
      Readout readout, long seed, EarlyExit earlyExit) {
    this(timesteps, coding, initialMembrane, readout, seed, earlyExit, ResetMode.SUBTRACT);
  }

  /** Options where every image runs all T steps, with reset by subtraction. */
  public SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
      Readout readout, long seed) {
    this(timesteps, coding, initialMembrane, readout, seed, EarlyExit.NONE);
  }

  /** The same options with T = {@code steps}. */
  public SimulationOptions withTimesteps(int steps) {
    return new SimulationOptions(steps, coding, initialMembrane, readout, seed, earlyExit, reset);
  }

  /** The same options with the early exit {@code rule}. */
  public SimulationOptions withEarlyExit(EarlyExit rule) {
    return new SimulationOptions(timesteps, coding, initialMembrane, readout, seed, rule, reset);
  }

  /** The same options with the readout {@code kind}. */
  public SimulationOptions withReadout(Readout kind) {
    return new SimulationOptions(timesteps, coding, initialMembrane, kind, seed, earlyExit, reset);
  }

  /** The same options with the reset {@code mode}. */
  public SimulationOptions withReset(ResetMode mode) {
    return new SimulationOptions(timesteps, coding, initialMembrane, readout, seed, earlyExit, mode);
  }
}
