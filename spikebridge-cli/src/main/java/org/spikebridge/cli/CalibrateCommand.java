package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Split;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikebridge calibrate}: post-conversion calibration of a spiking network folder. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Calibrate a converted spiking network for T time steps on training images: per "
        + "spiking layer, a bias shift per channel and an initial membrane potential, so that each "
        + "channel's mean spike rate at T matches the ANN's (docs/calibration.md).")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--snn", required = true, description = "Folder of a converted spiking network.")
  Path snn;

  @Mixin
  DatasetOptions data;

  @Option(names = "--timesteps", required = true,
      description = "T: the number of time steps the network will be simulated for.")
  int timesteps;

  @Option(names = "--calibration-size", defaultValue = "1024",
      description = "Training images sampled to calibrate with (all when the split is smaller) "
          + "(default: ${DEFAULT-VALUE}).")
  int calibrationSize;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the shuffle that samples the calibration images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--reset", defaultValue = "subtract",
      description = "How the neurons reset when the network is simulated, as simulate's --reset: "
          + "subtract, zero or signed; simulate the calibrated network with the same (default: "
          + "${DEFAULT-VALUE}).")
  String reset;

  @Mixin
  OutputNormalizationOptions output;

  @Option(names = "--out", required = true, description = "Folder for the calibrated spiking network.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Calibrations.checkTimesteps(timesteps, "--timesteps");
    if (calibrationSize <= 0) {
      throw new IllegalArgumentException("--calibration-size must be > 0, found " + calibrationSize);
    }
    ResetMode resetMode = SimulateCommand.parse(ResetMode.class, reset, "--reset");
    boolean normalize = output.requested();
    StagedFolder.requireAbsentOrEmpty(out);
    SpikingNetwork network = SpikingNetwork.load(snn);
    Network n = network.network();
    DatasetSource source = data.source(n);
    ImageSet train = DatasetOptions.load(source, Split.TRAIN, n.architecture().inputShape(), snn);
    CalibrationSet images = CalibrationSet.sample(train, data.normalization(source, n),
        calibrationSize, seed);
    SpikingNetwork calibrated = Calibrations.calibrate(network, images, timesteps, source.id(),
        seed, resetMode);
    if (normalize) {
      calibrated = output.apply(calibrated, images);
    }
    try (StagedFolder staged = StagedFolder.create(out)) {
      SpikingNetwork.save(calibrated, staged.path());
      staged.commit();
    }
    System.out.println("written to " + out.toAbsolutePath() + " (simulate starts it from the "
        + "calibrated v(0))");
    return 0;
  }
}
