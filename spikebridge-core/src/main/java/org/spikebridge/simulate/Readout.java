package org.spikebridge.simulate;

/** How the output layer turns into a prediction at step t. */
public enum Readout {
  /** Arg-max of the output layer's current accumulated over steps 1..t (non-spiking output). */
  ACCUMULATE,
  /**
   * Arg-max of spike counts of integrate-and-fire output neurons (threshold 1 on the output current,
   * reset by subtraction); ties go to the accumulated current.
   */
  SPIKE_COUNT
}
