package org.spikebridge.simulate;

/**
 * How to simulate: number of steps, input coding, initial membrane potential, readout, seed.
 *
 * @param timesteps T, the number of 1-ms steps; every step 1..T is recorded
 * @param coding constant current or Poisson spikes
 * @param initialMembrane v(0)
 * @param readout how the output becomes a prediction
 * @param seed fixes the Poisson spikes
 * @param earlyExit when an image may stop before T
 */
public record SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
    Readout readout, long seed, EarlyExit earlyExit) {

  /** Checks that T is positive and the early exit given. */
  public SimulationOptions {
    if (timesteps <= 0) {
      throw new IllegalArgumentException("timesteps must be > 0, found " + timesteps);
    }
    if (earlyExit == null) {
      throw new IllegalArgumentException("early exit: expected a rule (EarlyExit.NONE for none), found null");
    }
  }

  /** Options where every image runs all T steps. */
  public SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
      Readout readout, long seed) {
    this(timesteps, coding, initialMembrane, readout, seed, EarlyExit.NONE);
  }

  /** The same options with the early exit {@code rule}. */
  public SimulationOptions withEarlyExit(EarlyExit rule) {
    return new SimulationOptions(timesteps, coding, initialMembrane, readout, seed, rule);
  }
}
