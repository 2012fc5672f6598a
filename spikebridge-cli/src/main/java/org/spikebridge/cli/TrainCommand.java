package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingConfig.OptimizerKind;
import org.spikebridge.train.TrainingRecipe;
import org.spikebridge.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikebridge train}: stage 1 of Algorithm 1 for a zoo model on a dataset. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a network (stage 1: accuracy) with Rate Norm Layers or ReLU, "
        + "checkpointing every epoch.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "cnn7", description = "Zoo model: cnn7, alexnet, vgg11, "
      + "vgg13, vgg16, vgg19, preactresnet18, preactresnet34, resnet20 (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--width", defaultValue = "1", description = "Width multiplier: every channel "
      + "count and hidden layer width scaled by it, the depth unchanged; the model is then named "
      + "e.g. vgg11-w0.5 (default: ${DEFAULT-VALUE}).")
  double width;

  @Mixin
  DatasetOptions data;

  @Option(names = "--activation", defaultValue = "rnl", converter = ActivationConverter.class,
      description = "rnl (Rate Norm Layer) or relu (default: ${DEFAULT-VALUE}).")
  Activation activation;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--optimizer", converter = OptimizerConverter.class,
      description = "sgd or adam (default: the dataset's recipe: sgd for CIFAR, adam otherwise).")
  OptimizerKind optimizer;

  @Option(names = "--lr", description = "Initial learning rate (default: 0.1 for CIFAR, 0.003 otherwise).")
  Double learningRate;

  @Option(names = "--momentum", description = "SGD momentum (default: 0.9).")
  Double momentum;

  @Option(names = "--weight-decay", description = "L2 weight decay (default: 5e-4 for CIFAR, 0 otherwise).")
  Double weightDecay;

  @Option(names = "--schedule", converter = ScheduleConverter.class,
      description = "constant, step or cosine (default: cosine).")
  LearningRateSchedule.Kind schedule;

  @Option(names = "--step-epochs", defaultValue = "30",
      description = "Epochs between decays of the step schedule (default: ${DEFAULT-VALUE}).")
  int stepEpochs;

  @Option(names = "--gamma", defaultValue = "0.1", description = "Decay of the step schedule (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(names = "--validation-size", defaultValue = "5000",
      description = "Training images held out to pick the best epoch (default: ${DEFAULT-VALUE}).")
  int validationSize;

  @Option(names = "--train-limit", defaultValue = "0",
      description = "Use only this many training images, 0 for all (default: ${DEFAULT-VALUE}).")
  int trainLimit;

  @Option(names = "--augment", negatable = true,
      description = "Random crop (4-pixel padding) and horizontal flip (default: on for CIFAR).")
  Boolean augment;

  @Mixin
  TrainingDevices devices = new TrainingDevices();

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output folder for checkpoints and metrics "
      + "(default: runs/<model>-<dataset>-<activation>-seed<seed>-<date-time>).")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
  boolean resume;

  @Option(names = "--init-from", description = "With --activation rnl: start from a trained ReLU "
      + "twin (a training run or network folder), running maxima from its activations, and "
      + "fine-tune (e.g. --epochs 3 --lr 0.001).")
  Path initFrom;

  @Option(names = "--levels", defaultValue = "0", description = "With --activation rnl: quantize "
      + "each Rate Norm Layer to this many levels with a half-step shift (clip-floor-shift, Bu et "
      + "al. 2022; beyond the paper), for an SNN that starts from v(0) = θ/2; 0 keeps "
      + "Eq. 6 (default: ${DEFAULT-VALUE}).")
  int levels;

  @Option(names = "--spike-penalty", defaultValue = "0", description = "With --activation rnl: "
      + "add this many times the spikes per time step and image, in thousands, that the Rate Norm "
      + "Layers' rates stand for, to the loss (beyond the paper; e.g. 0.1 with --levels 8) "
      + "(default: ${DEFAULT-VALUE}).")
  double spikePenalty;

  @Override
  public Integer call() throws Exception {
    String dataset = data.dataset != null ? data.dataset : DatasetOptions.DEFAULT_DATASET;
    TrainingRecipe recipe = data.source(dataset, null).known().map(TrainingRecipe::forDataset)
        .orElse(TrainingRecipe.ADAM_COSINE);
    String model = ModelZoo.withWidth(this.model, width);
    TrainingConfig config = new TrainingConfig(model, dataset, activation, epochs, batchSize,
        orElse(optimizer, recipe.optimizer()), orElse(learningRate, recipe.learningRate()),
        orElse(momentum, recipe.momentum()), orElse(weightDecay, recipe.weightDecay()),
        orElse(schedule, recipe.schedule()), stepEpochs, gamma, validationSize, trainLimit,
        orElse(augment, recipe.augment()), seed, spikePenalty);
    if (out == null && resume) {
      throw new IllegalArgumentException("--resume needs --out: the folder of the run to continue");
    }
    Path folder = out != null ? out : RunFolders.timestamped(String.join("-", model,
        Comparison.fileName(Path.of(dataset.substring(dataset.indexOf(':') + 1)).getFileName().toString()),
        activation == Activation.RELU ? "relu" : "rnl", "seed" + seed));
    TrainingState state = TrainingJob.run(config, data, folder, resume, initFrom, levels,
        devices.parallel(), new ProgressBars());
    TrainingJob.printSummary(state, folder);
    return 0;
  }

  private static <T> T orElse(T given, T recipe) {
    return given != null ? given : recipe;
  }

  /** Accepts {@code rnl} and {@code relu}. */
  static final class ActivationConverter implements ITypeConverter<Activation> {
    @Override
    public Activation convert(String value) {
      return switch (value) {
        case "rnl" -> Activation.RATE_NORM;
        case "relu" -> Activation.RELU;
        default -> throw new IllegalArgumentException("expected rnl or relu, found '" + value + "'");
      };
    }
  }

  /** Accepts {@code sgd} and {@code adam}. */
  static final class OptimizerConverter implements ITypeConverter<OptimizerKind> {
    @Override
    public OptimizerKind convert(String value) {
      return OptimizerKind.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Accepts {@code constant}, {@code step} and {@code cosine}. */
  static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule.Kind> {
    @Override
    public LearningRateSchedule.Kind convert(String value) {
      return LearningRateSchedule.Kind.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
