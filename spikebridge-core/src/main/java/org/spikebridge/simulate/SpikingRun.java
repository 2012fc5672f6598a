package org.spikebridge.simulate;

import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.network.Layer;
import org.spikebridge.simulate.event.OperationCounting;

/**
 * A test set run through an engine into a recorder, batch after batch behind a progress bar with
 * its ETA: what the CLI's {@code simulate}, {@code compare} and demo measure, with the network's
 * thresholds and operation counts beside the metrics.
 *
 * @param engine the engine that simulates
 * @param test the test images
 * @param normalization how their pixels become inputs
 * @param batchSize images per batch
 */
public record SpikingRun(SimulationEngine engine, ImageSet test, Normalization normalization, int batchSize) {

  /**
   * Simulates {@code snn} with {@code options}, the progress bar named {@code task}; {@code alpha}
   * is the energy of a spike in joules (Eq. 14). The contents have no provenance block yet.
   */
  public MetricsFiles.Contents simulate(String task, SpikingNetwork snn, SimulationOptions options,
      double alpha) {
    SimulationRecorder recorder = recorder(snn, options);
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task)
        .setInitialMax(BatchIterator.numBatches(test.size(), batchSize, false))
        .setStyle(ProgressBarStyle.ASCII).build()) {
      record(snn, options, recorder, bar::step);
    }
    return contents(snn, recorder.result(), alpha);
  }

  /**
   * Simulates {@code snn} with {@code options} into a new recorder, without a progress bar: a part
   * of a test set whose recorder is {@link SimulationRecorder#merge merged} with the others'. For
   * the merged metrics to equal one run's, each part must start at a batch boundary of the whole
   * test set and use the same batch size (Poisson spikes are drawn per batch).
   */
  public SimulationRecorder record(SpikingNetwork snn, SimulationOptions options) {
    SimulationRecorder recorder = recorder(snn, options);
    record(snn, options, recorder, () -> {});
    return recorder;
  }

  /** A recorder of the spiking layers of {@code snn} for T steps. */
  public static SimulationRecorder recorder(SpikingNetwork snn, SimulationOptions options) {
    return new SimulationRecorder(snn.spikingLayers().stream().map(Layer::name).toList(), options.timesteps());
  }

  /**
   * {@code metrics} of {@code snn} with its thresholds and operation counts; {@code alpha} is the
   * energy of a spike in joules (Eq. 14). The contents have no provenance block yet.
   */
  public static MetricsFiles.Contents contents(SpikingNetwork snn, SimulationMetrics metrics, double alpha) {
    return new MetricsFiles.Contents(metrics, alpha, Map.of(),
        snn.spikingLayers().stream().map(l -> (double) snn.thresholds(l)[0]).toList(),
        OperationCounting.of(snn));
  }

  /** Runs every batch of the test set into {@code recorder}, calling {@code afterBatch} after each. */
  private void record(SpikingNetwork snn, SimulationOptions options, SimulationRecorder recorder,
      Runnable afterBatch) {
    for (Batch batch : BatchIterator.epoch(test, BatchOptions.evaluation(batchSize, normalization), 0)) {
      engine.simulate(snn, batch, options, recorder);
      afterBatch.run();
    }
  }
}
