package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.train.ScaleSharing;
import org.spikebridge.train.StageTwoConfig;
import org.spikebridge.train.StageTwoTraining;
import org.spikebridge.train.ThresholdScaling;
import org.spikebridge.train.TuneDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikebridge tune}: stage 2 of Algorithm 1, training the threshold scale p′ with the Rate
 * Inference Loss. The dataset, data folder, validation size, train limit and seed default to the
 * stage-1 run's (from its provenance), so that the validation images are the ones stage 1 held out.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Tune the Rate Norm Layers' threshold scale (stage 2: fast inference, Eq. 13) "
        + "and save candidates within an accuracy tolerance.")
final class TuneCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--checkpoint",
      description = "A training run folder (its best model is used) or a network folder.")
  Path checkpoint;

  @Option(names = "--lambda", defaultValue = "1", description = "λ, weight of the mean Ω (default: ${DEFAULT-VALUE}).")
  double lambda;

  @Option(names = "--init", description = "Starting p′; p = sigmoid(p′) (default: 3; a network "
      + "trained with --levels starts from its own p′ and takes no --init).")
  Double init;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--acc-tolerance", defaultValue = "1",
      description = "Candidates need validation accuracy ≥ stage 1's minus this many points "
          + "(default: ${DEFAULT-VALUE}).")
  double accuracyTolerance;

  @Option(names = "--eval-every", defaultValue = "50",
      description = "Iterations between validation measurements (default: ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(names = "--per-layer-scale", description = "One p′ per Rate Norm Layer (default: one shared).")
  boolean perLayerScale;

  @Option(names = "--clip-only", description = "Beyond the paper: a lower p only clips each Rate "
      + "Norm Layer's largest activations (it passes on clip(z, 0, θ)/running_max), instead of "
      + "raising every rate after it by 1/p (Eq. 6); saved candidates have p folded into the next "
      + "layers' weights and convert with rnl.")
  boolean clipOnly;

  @Mixin
  DatasetOptions data;

  @Option(names = "--validation-size", description = "Training images held out to choose candidates "
      + "(default: the checkpoint's, else 5000).")
  Integer validationSize;

  @Option(names = "--seed", description = "Seed of the split and the batch order (default: the checkpoint's, else 1).")
  Long seed;

  @Mixin
  TrainingDevices devices = new TrainingDevices();

  @Option(names = "--out", required = true, description = "Output folder (must be absent or empty).")
  Path out;

  @Option(names = "--resume", description = "Continue the stage-2 run in --out, killed or "
      + "interrupted, from its latest measurement, with the options it was started with.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    if (resume) {
      TuneCommand saved = SavedArguments.load(out, "tune", TuneCommand::new,
          "--out", out.toString(), "--resume");
      System.out.println("resuming " + out + " with its saved settings");
      return saved.tune();
    }
    if (checkpoint == null) {
      throw new IllegalArgumentException("--checkpoint is needed: the stage-1 run or network to "
          + "tune (or --resume, to continue the run in --out)");
    }
    OutputFolders.requireAbsentOrEmpty(out);
    return tune();
  }

  /** Tunes, or resumes, into {@code out}; the exit code. */
  private int tune() throws IOException {
    Network stageOne = Checkpoints.load(checkpoint);
    if (stageOne.parameters().keySet().stream()
        .noneMatch(k -> k.endsWith("." + Layer.RateNorm.P_LOGIT))) {
      throw new IllegalArgumentException(checkpoint + " is a network without Rate Norm Layers "
          + "(ReLU): there is no threshold scale to tune; train with --activation rnl");
    }
    Map<String, String> saved = stageOne.provenance().settings();
    int validation = validationSize != null ? validationSize
        : Integer.parseInt(saved.getOrDefault("validationSize", "5000"));
    long splitSeed = seed != null ? seed : Long.parseLong(saved.getOrDefault("seed", "1"));
    int trainLimit = Integer.parseInt(saved.getOrDefault("trainLimit", "0"));

    DatasetSource source = data.source(stageOne);
    String datasetName = source.id();
    ImageSet train = DatasetOptions.load(source, Split.TRAIN, stageOne.architecture().inputShape(), checkpoint);
    Normalization normalization = data.normalization(source, stageOne);
    if (trainLimit > 0 && trainLimit < train.size()) {
      train = train.subset(IntStream.range(0, trainLimit).toArray());
    }
    TrainValidationSplit split = TrainValidationSplit.of(train, validation, splitSeed);
    boolean quantized = !stageOne.architecture().quantizedRateNormLayers().isEmpty();
    StageTwoConfig config = new StageTwoConfig(lambda,
        init == null ? OptionalDouble.empty() : OptionalDouble.of(init), learningRate, epochs,
        batchSize, accuracyTolerance, evalEvery,
        perLayerScale ? ScaleSharing.PER_LAYER : ScaleSharing.SHARED,
        splitSeed, clipOnly ? ThresholdScaling.CLIP_ONLY : ThresholdScaling.RATE);
    System.out.printf(Locale.ROOT, "tuning p' of %s on %s (%d training, %d validation images): "
        + "λ %s, init %s, lr %s, %d epoch(s), tolerance %s points%s%n", checkpoint, datasetName,
        split.train().size(), split.validation().size(), lambda,
        init != null ? init : quantized ? "stage 1's" : StageTwoConfig.DEFAULT_INIT, learningRate,
        epochs,
        accuracyTolerance, clipOnly ? ", clip-only scaling" : "");
    StageTwoTraining training = new StageTwoTraining(config, split.train(), split.validation(),
        normalization, out, new StageTwoProgress(), devices.parallel());
    Provenance provenance = provenance(stageOne.provenance(), data.provenance(source, normalization),
        splitSeed, validation);
    if (!resume) {
      training.start(stageOne); // refuses a network this stage 2 cannot tune before writing
      SavedArguments.save(spec, out, Set.of("--out", "--resume"));
    }
    print(resume ? training.resume(stageOne, provenance) : training.run(stageOne, provenance));
    return 0;
  }

  private static Provenance provenance(Provenance stageOne, Map<String, String> dataSettings, long seed,
      int validationSize) {
    Map<String, String> settings = new LinkedHashMap<>();
    stageOne.settings().forEach((k, v) -> settings.put("stage1." + k, v));
    settings.putAll(dataSettings);
    String dataDir = stageOne.settings().get(DatasetOptions.DATA_DIR);
    if (dataDir != null) {
      settings.putIfAbsent(DatasetOptions.DATA_DIR, dataDir);
    }
    settings.put("validationSize", Integer.toString(validationSize));
    String command = ProcessHandle.current().info().commandLine().orElse("spikebridge tune");
    return new Provenance(settings.get("dataset"), seed, command, Versions.all(), settings);
  }

  private void print(StageTwoTraining.Result result) {
    System.out.printf(Locale.ROOT, "stage 1: validation %.2f%%, mean Ω %.4f; candidates need ≥ %.2f%%%n",
        result.stageOneValidationAccuracy(), result.stageOneMeanOmega(),
        result.stageOneValidationAccuracy() - accuracyTolerance);
    System.out.printf("%9s  %7s  %-20s  %9s  %10s  %s%n", "iteration", "lambda", "p", "accuracy",
        "mean Ω", "candidate");
    for (StageTwoTraining.Measurement m : result.measurements()) {
      String p = m.p().size() == 1 ? String.format(Locale.ROOT, "%.4f", m.p().get(0))
          : m.p().stream().map(v -> String.format(Locale.ROOT, "%.3f", v))
              .reduce((a, b) -> a + ";" + b).orElse("");
      System.out.printf(Locale.ROOT, "%9d  %7.3f  %-20s  %8.2f%%  %10.4f  %s%n", m.iteration(),
          m.lambda(), p, m.validationAccuracy(), m.meanOmega(),
          m.folder() == null ? "-" : m.folder());
    }
    StageTwoTraining.Measurement pick = result.pick();
    if (!pick.withinTolerance()) {
      System.out.printf(Locale.ROOT, "no measurement reached %.2f%% (stage 1's %.2f%% − %s points): "
          + "kept the most accurate one instead%n", result.stageOneValidationAccuracy() - accuracyTolerance,
          result.stageOneValidationAccuracy(), accuracyTolerance);
    }
    System.out.printf(Locale.ROOT, "pick (lowest mean Ω within tolerance): %s — accuracy %.2f%%, mean Ω %.4f%n",
        out.resolve(pick.folder()).toAbsolutePath(), pick.validationAccuracy(), pick.meanOmega());
    System.out.println("table: " + out.resolve(TuneDirectory.CANDIDATES_CSV).toAbsolutePath()
        + "; pick: " + out.resolve(TuneDirectory.BEST).toAbsolutePath());
  }
}
