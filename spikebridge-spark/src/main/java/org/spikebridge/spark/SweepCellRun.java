package org.spikebridge.spark;

import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionMethod;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Normalization;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;

/**
 * One sweep cell on an executor: converts its checkpoint with its method (default settings, a
 * calibration sample of the training split drawn with the cell's seed when the method needs one),
 * then simulates the whole test set as {@code simulate} does by default.
 */
final class SweepCellRun {
  private SweepCellRun() {}

  /** The spiking network of {@code cell}. */
  static SpikingNetwork convert(SweepCell cell, SweepData data) {
    ConversionMethod method = ConversionMethods.byName(cell.method());
    ConversionOptions options = ConversionOptions.defaults();
    if (method.needsCalibration()) {
      Normalization normalization = data.normalizations().get(cell.checkpoint());
      options = options.withCalibration(CalibrationSet.sample(data.train(), normalization, data.calibrationSize(),
          cell.seed()));
    }
    return method.convert(data.checkpoints().get(cell.checkpoint()).network(), options);
  }

  /** The result of {@code cell}; a failed one (not an exception) if it throws. */
  static SweepResult run(SweepCell cell, SweepData data) {
    long start = System.nanoTime();
    try {
      SpikingNetwork snn = convert(cell, data);
      SimulationOptions options = SimulateJob.options(snn, cell.timesteps());
      SimulationMetrics m = new SpikingRun(SparkSimulation.engine(), data.test(),
          data.normalizations().get(cell.checkpoint()), data.batchSize()).record(snn, options).result();
      int t = cell.timesteps();
      return new SweepResult(cell, SweepResult.OK, "", m.annAccuracy(), m.accuracyAt(t), m.spikesUpTo(t),
          (System.nanoTime() - start) / 1e9);
    } catch (RuntimeException e) {
      return SweepResult.failed(cell, e);
    }
  }
}
