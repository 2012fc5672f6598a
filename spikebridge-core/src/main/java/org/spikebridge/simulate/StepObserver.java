package org.spikebridge.simulate;

/**
 * Receives a simulation as it runs: once per batch, then once per time step of that batch, and,
 * if it asks for them, each neuron's spike count when the batch is done.
 */
public interface StepObserver {

  /** A batch starts; {@code reference} holds the ANN's view of it. */
  void batchStarted(BatchReference reference);

  /** Step {@code record.t()} of the current batch is done. */
  void stepFinished(StepRecord record);

  /**
   * Whether this observer reads the ANN's view of each batch: the {@link BatchReference}'s ANN
   * classes and Ω, and K in each {@link StepRecord}. They cost an analog pass of the whole network
   * per image, which at few steps is a large part of a run; an observer that only reads the classes
   * says no, and an engine may then skip that pass and report −1 for the ANN's classes and NaN for
   * Ω and K. The spikes and classes are the same either way.
   */
  default boolean wantsReference() {
    return true;
  }

  /** Whether {@link #spikeCounts} should be called (it costs a copy of every neuron's count). */
  default boolean wantsSpikeCounts() {
    return false;
  }

  /**
   * The current batch is done: {@code counts[l][i][j]} is how often neuron j of spiking layer l
   * fired for image i over the T steps, neurons in the layer's [C, H, W] order. Called after the
   * last {@link #stepFinished} of the batch, and only if {@link #wantsSpikeCounts()}. Under early
   * exit they count the steps each engine ran, which may go past an image's stop: the dense engine
   * runs every image to T, the event engine to the end of the block the image stopped in.
   */
  default void spikeCounts(int[][][] counts) {}
}
