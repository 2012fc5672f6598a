package org.spikebridge.simulate;

/** How an image becomes input to the first spiking layer at each time step. */
public enum InputCoding {
  /** The analog (normalized) image as input current at every step; the paper's choice. */
  CONSTANT,
  /**
   * Each pixel's intensity in [0, 1] (before normalization) as the probability of an input spike at
   * each step, drawn from the simulation's seed. The converter folds the input normalization into
   * the first layer for this coding.
   */
  POISSON
}
