package org.spikebridge.libtorch;

import java.util.ArrayList;
import java.util.List;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;

/** Keeps everything an engine reports, for tests. */
final class Recording implements StepObserver {
  final List<BatchReference> batches = new ArrayList<>();
  final List<StepRecord> steps = new ArrayList<>();
  /** Per batch, [layer][image][neuron] spike counts. */
  final List<int[][][]> spikeCounts = new ArrayList<>();

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
}
