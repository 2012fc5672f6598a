package org.spikebridge.simulate;

/** Receives a simulation as it runs: once per batch, then once per time step of that batch. */
public interface StepObserver {

  /** A batch starts; {@code reference} holds the ANN's view of it. */
  void batchStarted(BatchReference reference);

  /** Step {@code record.t()} of the current batch is done. */
  void stepFinished(StepRecord record);
}
