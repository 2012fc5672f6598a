package org.spikebridge.metrics;

import java.util.List;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepRecord;

/**
 * A hand-made simulation: 2 spiking layers (conv1, fc2), T = 3, two batches of 2 and 3 images, with
 * NaN where r̂_l = 0. The expected totals are worked out by hand in the comments.
 */
final class HandCase {
  static final List<String> LAYERS = List.of("conv1", "fc2");
  static final int T = 3;
  static final float NAN = Float.NaN;

  // Batch 1: labels [0,1], ANN [0,0] -> ANN correct 1.
  static final BatchReference BATCH1 = new BatchReference(new int[] {0, 1}, new int[] {0, 0},
      new float[][] {{2.0f, 4.0f}, {NAN, 3.0f}});
  static final StepRecord[] STEPS1 = {
    // predictions [1,1]: correct 1 (image 1), agree 0
    new StepRecord(1, new int[] {1, 1}, new long[] {10, 2}, new float[][] {{1.0f, 0.5f}, {NAN, 2.0f}}),
    // predictions [0,1]: correct 2, agree 1 (image 0)
    new StepRecord(2, new int[] {0, 1}, new long[] {6, 4}, new float[][] {{0.5f, 0.25f}, {NAN, 1.0f}}),
    // predictions [0,0]: correct 1 (image 0), agree 2
    new StepRecord(3, new int[] {0, 0}, new long[] {4, 2}, new float[][] {{0.25f, 0.125f}, {NAN, 0.5f}}),
  };

  // Batch 2: labels [2,2,1], ANN [2,2,1] -> ANN correct 3.
  static final BatchReference BATCH2 = new BatchReference(new int[] {2, 2, 1}, new int[] {2, 2, 1},
      new float[][] {{1.0f, NAN, 3.0f}, {1.5f, NAN, 0.5f}});
  static final StepRecord[] STEPS2 = {
    // predictions [0,2,1]: correct 2, agree 2
    new StepRecord(1, new int[] {0, 2, 1}, new long[] {9, 3},
        new float[][] {{0.5f, NAN, 1.5f}, {3.0f, NAN, 1.0f}}),
    // predictions [2,2,1]: correct 3, agree 3
    new StepRecord(2, new int[] {2, 2, 1}, new long[] {12, 0},
        new float[][] {{0.25f, NAN, 0.75f}, {1.0f, NAN, 0.5f}}),
    // predictions [2,2,0]: correct 2, agree 2
    new StepRecord(3, new int[] {2, 2, 0}, new long[] {8, 5},
        new float[][] {{0.125f, NAN, 0.25f}, {0.5f, NAN, 0.25f}}),
  };

  private HandCase() {}

  static SimulationRecorder recorded() {
    SimulationRecorder r = new SimulationRecorder(LAYERS, T);
    r.batchStarted(BATCH1);
    for (StepRecord s : STEPS1) {
      r.stepFinished(s);
    }
    r.batchStarted(BATCH2);
    for (StepRecord s : STEPS2) {
      r.stepFinished(s);
    }
    return r;
  }

  static SimulationMetrics metrics() {
    return recorded().result();
  }
}
