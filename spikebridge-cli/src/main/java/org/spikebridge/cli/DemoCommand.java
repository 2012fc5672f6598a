package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingConfig.OptimizerKind;
import org.spikebridge.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikebridge demo}: for now, trains cnn7 with Rate Norm Layers on Fashion-MNIST for a short
 * time and prints its accuracy. (Conversion, simulation and the report join it later.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train cnn7 with Rate Norm Layers on Fashion-MNIST briefly and print its accuracy.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--data-dir", description = "Folder holding the Fashion-MNIST files.")
  Path dataDir;

  @Option(names = "--out", description = "Output folder (default: runs/demo-<date-time>).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--validation-size", defaultValue = "5000",
      description = "Training images held out to pick the best epoch (default: ${DEFAULT-VALUE}).")
  int validationSize;

  @Override
  public Integer call() throws Exception {
    Path folder = out != null ? out : RunFolders.timestamped("demo");
    TrainingConfig config = new TrainingConfig("cnn7", "fashion-mnist", Activation.RATE_NORM, epochs,
        128, OptimizerKind.ADAM, 3e-3, 0.9, 0, LearningRateSchedule.Kind.COSINE, 30, 0.1, validationSize, 0,
        false, seed);
    System.out.println("demo: training cnn7 with Rate Norm Layers on Fashion-MNIST for " + epochs
        + " epoch(s)");
    TrainingState state = TrainingJob.run(config, dataDir, folder, false, new ProgressBars());
    TrainingJob.printSummary(state, folder);
    return 0;
  }
}
