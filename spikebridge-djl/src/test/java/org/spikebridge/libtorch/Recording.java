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

  @Override
  public void batchStarted(BatchReference reference) {
    batches.add(reference);
  }

  @Override
  public void stepFinished(StepRecord record) {
    steps.add(record);
  }
}
