package org.spikebridge.simulate;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything an engine reports, for tests (shared with the other modules' tests). */
public final class Recording implements StepObserver {
  /** Each batch's reference, in order. */
  public final List<BatchReference> batches = new ArrayList<>();
  /** Each step of each batch, in order. */
  public final List<StepRecord> steps = new ArrayList<>();
  /** Per batch, [layer][image][neuron] spike counts. */
  public final List<int[][][]> spikeCounts = new ArrayList<>();
  private final boolean reference;

  /** Keeps everything, the ANN's view of each batch included. */
  public Recording() {
    this(true);
  }

  /** Keeps everything, and the ANN's view of each batch only if {@code reference}. */
  public Recording(boolean reference) {
    this.reference = reference;
  }

  @Override
  public boolean wantsReference() {
    return reference;
  }

  @Override
  public void batchStarted(BatchReference reference) {
    batches.add(reference);
  }

  @Override
  public void stepFinished(StepRecord record) {
    steps.add(record);
  }

  @Override
  public boolean wantsSpikeCounts() {
    return true;
  }

  @Override
  public void spikeCounts(int[][][] counts) {
    spikeCounts.add(counts);
  }

  /** How many images two runs put in different classes: positions where {@code a} and {@code b} differ. */
  public static int differing(int[] a, int[] b) {
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      differ += a[i] != b[i] ? 1 : 0;
    }
    return differ;
  }
}
