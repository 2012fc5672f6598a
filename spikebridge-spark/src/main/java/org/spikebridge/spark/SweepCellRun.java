package org.spikebridge.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Normalization;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;

/**
 * One sweep cell on an executor: converts its checkpoint with its method and settings (a
 * calibration sample of the training split drawn with the cell's seed when the method needs one),
 * then simulates the whole test set as {@code simulate} does by default.
 */
final class SweepCellRun {
  /** The energy of one spike in the cells' metrics, {@code simulate}'s default. */
  static final double ALPHA = 1.0;

  private SweepCellRun() {}

  /**
   * What a cell gave.
   *
   * @param result its row of the table
   * @param metrics everything its simulation measured, as {@code simulate} writes it; null unless ok
   */
  record Outcome(SweepResult result, MetricsFiles.Contents metrics) {}

  /** The spiking network of {@code cell}. */
  static SpikingNetwork convert(SweepCell cell, SweepData data) {
    SweepMethod method = SweepMethod.parse(cell.method());
    ConversionOptions options = method.options();
    if (method.method().needsCalibration()) {
      Normalization normalization = data.normalizations().get(cell.checkpoint());
      options = options.withCalibration(CalibrationSet.sample(data.train(), normalization, data.calibrationSize(),
          cell.seed()));
    }
    return method.method().convert(data.checkpoints().get(cell.checkpoint()).network(), options);
  }

  /** What {@code cell} gave; a failed result (not an exception) if it throws. */
  static Outcome run(SweepCell cell, SweepData data) {
    long start = System.nanoTime();
    try {
      SpikingNetwork snn = convert(cell, data);
      SimulationOptions options = SimulateJob.options(snn, cell.timesteps());
      SimulationMetrics m = new SpikingRun(SparkSimulation.engine(), data.test(),
          data.normalizations().get(cell.checkpoint()), data.batchSize()).record(snn, options).result();
      int t = cell.timesteps();
      SweepResult result = new SweepResult(cell, SweepResult.OK, "", m.annAccuracy(), m.accuracyAt(t),
          m.spikesUpTo(t), (System.nanoTime() - start) / 1e9);
      return new Outcome(result, SpikingRun.contents(snn, m, ALPHA).withRun(provenance(cell)));
    } catch (RuntimeException e) {
      return new Outcome(SweepResult.failed(cell, e), null);
    }
  }

  /** The run block of a cell's {@code metrics.json}: what the cell is. */
  private static Map<String, Object> provenance(SweepCell cell) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("job", "sweep");
    run.put("cell", cell.id());
    run.put("checkpoint", cell.checkpointPath());
    run.put("method", cell.method());
    run.put("timesteps", cell.timesteps());
    run.put("seed", cell.seed());
    run.put("engine", SparkSimulation.engineName());
    return run;
  }
}
