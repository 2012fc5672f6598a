package org.spikebridge.simulate.event;

import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;

/**
 * What the images of one batch produced, filled by the workers image by image (each writes only
 * its images' slots; spike totals are merged under a lock) and reported once all are done.
 */
final class BatchOutcome {
  final int[] annPredictions;
  final float[][] omega;
  final int[][] predictions;
  final float[][][] k;
  /** Per layer and image, each neuron's spike count in [C, H, W] order; null unless the observer asks. */
  final int[][][] neuronCounts;
  /** The images' early-exit state; null when every image runs to T. */
  final SettledImages settled;
  /** Whether the images' analog pass (the ANN's classes, Ω, and r̂ for K) is computed. */
  final boolean withReference;
  private final long[][] spikes;
  private long synapticOperations;

  BatchOutcome(int images, int timesteps, int layers, boolean withNeuronCounts, boolean withReference,
      SettledImages settled) {
    this.settled = settled;
    this.withReference = withReference;
    annPredictions = new int[images];
    omega = new float[layers][images];
    predictions = new int[timesteps][images];
    k = new float[timesteps][layers][images];
    spikes = new long[timesteps][layers];
    neuronCounts = withNeuronCounts ? new int[layers][images][] : null;
  }

  /** Adds one worker's spike totals per step and layer, and its synaptic operations. */
  synchronized void merge(long[][] workerSpikes, long workerOperations) {
    for (int t = 0; t < spikes.length; t++) {
      for (int l = 0; l < spikes[t].length; l++) {
        spikes[t][l] += workerSpikes[t][l];
      }
    }
    synapticOperations += workerOperations;
  }

  /** The fan-out additions performed for the whole batch. */
  synchronized long synapticOperations() {
    return synapticOperations;
  }

  /** Tells {@code observer} about the batch and then each step, as the dense engine does. */
  void report(int[] labels, StepObserver observer) {
    observer.batchStarted(new BatchReference(labels, annPredictions, omega));
    for (int t = 0; t < predictions.length; t++) {
      observer.stepFinished(new StepRecord(t + 1, predictions[t], spikes[t].clone(), k[t],
          settled == null ? 0 : settled.stoppedAt(t + 1)));
    }
    if (neuronCounts != null) {
      observer.spikeCounts(neuronCounts);
    }
  }
}
