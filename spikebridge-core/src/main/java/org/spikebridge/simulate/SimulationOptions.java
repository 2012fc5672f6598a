package org.spikebridge.simulate;

/**
 * How to simulate: number of steps, input coding, initial membrane potential, readout, seed.
 *
 * @param timesteps T, the number of 1-ms steps; every step 1..T is recorded
 * @param coding constant current or Poisson spikes
 * @param initialMembrane v(0)
 * @param readout how the output becomes a prediction
 * @param seed fixes the Poisson spikes
 */
public record SimulationOptions(int timesteps, InputCoding coding, InitialMembrane initialMembrane,
    Readout readout, long seed) {

  /** Checks that T is positive. */
  public SimulationOptions {
    if (timesteps <= 0) {
      throw new IllegalArgumentException("timesteps must be > 0, found " + timesteps);
    }
  }
}
