package org.spikebridge.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Network;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.event.CalibrationOptions;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.simulate.event.PostConversionCalibration;
import org.spikebridge.simulate.event.PostConversionCalibration.LayerCorrection;

/**
 * Post-conversion calibration as {@code calibrate} and {@code convert --calibrate} run it: on a
 * sample of the training split, from the v(0) the network was made for, with where the images
 * came from added to the provenance, and a line per layer printed.
 */
final class Calibrations {
  private Calibrations() {}

  /** Refuses a T that is not positive, naming {@code option}. */
  static void checkTimesteps(int timesteps, String option) {
    if (timesteps <= 0) {
      throw new IllegalArgumentException(option + " must be > 0, found " + timesteps);
    }
  }

  /**
   * {@code snn} calibrated at {@code timesteps} on {@code images}, drawn from {@code dataset}'s
   * training split with {@code seed}, from the v(0) it was made for, its neurons resetting as
   * {@code reset} says.
   */
  static SpikingNetwork calibrate(SpikingNetwork snn, CalibrationSet images, int timesteps,
      String dataset, long seed, ResetMode reset) {
    InitialMembrane start = InitialMembrane.trainedFor(snn);
    // A calibrated network is refused by the calibration itself, which names its layer.
    long started = System.nanoTime();
    PostConversionCalibration.Outcome outcome = PostConversionCalibration.calibrate(snn, images,
        CalibrationOptions.of(timesteps, start == InitialMembrane.CALIBRATED ? InitialMembrane.ZERO
            : start).withReset(reset), new EventEngine());
    System.out.printf(Locale.ROOT, "calibrated at T = %d on %d training images in %.1f s%n",
        timesteps, images.n(), (System.nanoTime() - started) / 1e9);
    for (LayerCorrection c : outcome.corrections()) {
      System.out.printf(Locale.ROOT, "  %-10s mean |Δb| %.5f, v(0) = %.2f·θ, rate error %.5f%n",
          c.layer(), c.meanAbsBiasShift(), c.membraneFraction(), c.rateError());
    }
    Network n = outcome.snn().network();
    Map<String, String> settings = new HashMap<>();
    settings.put(PostConversionCalibration.PROVENANCE + "dataset", dataset + "/train");
    settings.put(PostConversionCalibration.PROVENANCE + "seed", Long.toString(seed));
    settings.put(PostConversionCalibration.PROVENANCE + "command",
        ProcessHandle.current().info().commandLine().orElse("spikebridge calibrate"));
    return new SpikingNetwork(new Network(n.architecture(), n.parameters(),
        n.provenance().withSettings(settings)));
  }
}
