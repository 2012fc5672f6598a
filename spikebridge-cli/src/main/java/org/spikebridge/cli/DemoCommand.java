package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.spikebridge.convert.ActivationStatistics;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.data.Datasets;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.ReportNumbers;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.RateNormFromRelu;
import org.spikebridge.train.ScaleSharing;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.StageTwoConfig;
import org.spikebridge.train.StageTwoTraining;
import org.spikebridge.train.ThresholdScaling;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingConfig.OptimizerKind;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TuneDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spikebridge demo}: the paper's experiment on Fashion-MNIST with cnn7, end to end. Trains
 * the ReLU twin, fine-tunes a Rate Norm network from it (stage 1) and a twin quantized to 8 levels,
 * tunes the threshold scale with the Rate Inference Loss (stage 2), then hands the networks to
 * {@link Comparison}, as {@code compare} does: by default the paper's method (rnl+ril) against Max
 * Norm and Robust Norm, plus the quantized network beyond the paper; with {@code --full} every
 * method and variant to T = 256.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train, tune, convert and simulate cnn7 on Fashion-MNIST, compare the paper's "
        + "method with the baselines and write a report (results.json, report.md, plots).")
final class DemoCommand implements Callable<Integer> {
  /** Quantization levels of the demo's quantized Rate Norm network ({@code rnl-q8}). */
  private static final int LEVELS = 8;
  /** The spike penalty of the quantized network's fine-tuning (TrainingConfig#spikePenalty). */
  private static final double SPIKE_PENALTY = 0.1;
  /**
   * Epochs of each stage 2. In one epoch at the demo's learning rates p′ walks from 3 (rnl+ril,
   * rnl+ril-clip) past the accuracy tolerance, so the candidate with the lowest Ω within it is the
   * last one before the accuracy drops by a point.
   */
  private static final int TUNE_EPOCHS = 1;
  /** Steps of the quantized networks' simulations in the default run: they are within a point by t ≈ 10–13. */
  private static final int QUANTIZED_STEPS = 64;

  @Option(names = "--quick", description = "A smoke run of under a minute (fewer images, epochs and "
      + "steps); with --full, every method at that size.")
  boolean quick;

  @Option(names = "--full", description = "Every method and variant (rnl, rnl+ril-clip, "
      + "rnl+ril-q8, scaled, maxnorm from θ/2 too), longer training, all to T = 256.")
  boolean full;

  @Option(names = "--data-dir", description = "Folder holding the Fashion-MNIST files.")
  Path dataDir;

  @Option(names = "--out", description = "Output folder (default: runs/demo-<date-time>).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--test-limit", description = "Test images simulated per method (default: 0, all; quick: 300).")
  Integer testLimit;

  @Mixin
  EngineOptions engines;

  @Option(names = "--timesteps", description = "T (default: 128; full: 256; quick: 64).")
  Integer timesteps;

  @Option(names = "--initial-membrane", defaultValue = "zero",
      description = "v(0) of every method: zero (the paper's; θ/2 for the quantized ones) or half "
          + "(θ/2 for all) (default: ${DEFAULT-VALUE}).")
  String initialMembrane;

  /** The size of every phase. */
  private record Plan(String name, int reluEpochs, int fineTuneEpochs, int trainLimit, int validationSize,
      int calibration, int timesteps, int testLimit) {}

  @Override
  public Integer call() throws Exception {
    Plan plan = quick ? new Plan("quick", 1, 1, 10_000, 1000, 500, 64, 300)
        : full ? new Plan("full", 10, 3, 0, 5000, 5000, 256, 0)
        : new Plan("default", 4, 1, 0, 5000, 5000, 128, 0);
    int steps = timesteps != null ? timesteps : plan.timesteps();
    int limit = testLimit != null ? testLimit : plan.testLimit();
    Path folder = out != null ? out : RunFolders.timestamped(quick ? "demo-quick" : "demo");
    OutputFolders.requireAbsentOrEmpty(folder);
    PhaseClock clock = new PhaseClock("demo");

    KnownDataset dataset = KnownDataset.FASHION_MNIST;
    Data data = data(plan, limit, steps);
    ImageSet train = data.train();
    ImageSet test = data.test();
    String dataNote = data.note();
    int validation = Math.min(plan.validationSize(), train.size() / 10);
    TrainValidationSplit split = TrainValidationSplit.of(train, validation, seed);
    Normalization normalization = Normalization.of(dataset);
    TensorShape shape = TensorShape.of(dataset.channels(), dataset.height(), dataset.width());
    Provenance provenance = new Provenance(dataset.id(), seed,
        ProcessHandle.current().info().commandLine().orElse("spikebridge demo"), Versions.all(),
        Map.of("demo", plan.name()));
    ImageSet testSet = test;

    Network relu = clock.time("1/4 training the ReLU twin (" + plan.reluEpochs() + " epochs)", () -> {
      Path reluDir = folder.resolve("relu");
      stageOne(Activation.RELU, plan.reluEpochs(), 3e-3, 0, split, testSet, normalization, reluDir)
          .run(ModelZoo.cnn7(shape, 10, Activation.RELU), provenance, false);
      return new TrainingDirectory(reluDir).bestNetwork();
    });

    CalibrationSet calibration = CalibrationSet.sample(split.train(), normalization, plan.calibration(), seed);
    Architecture rnlArchitecture = ModelZoo.cnn7(shape, 10, Activation.RATE_NORM);
    List<Network> stageOne = clock.time("2/4 fine-tuning the Rate Norm network from it (" + plan.fineTuneEpochs()
        + " epochs), then its twin quantized to " + LEVELS + " levels", () -> {
          List<String> reluLayers = relu.architecture().layers().stream()
              .filter(Layer.Relu.class::isInstance).map(Layer::name).toList();
          Map<String, Float> maxima = ActivationStatistics.layerMax(relu, reluLayers, calibration);
          Network rnl = fineTune(RateNormFromRelu.initialize(relu, rnlArchitecture, maxima, provenance), 0,
              plan, split, testSet, normalization, folder.resolve("rnl"), provenance);
          Network quantized = fineTune(RateNormFromRelu.initialize(relu,
              rnlArchitecture.withRateNormLevels(LEVELS), maxima, provenance), SPIKE_PENALTY, plan, split,
              testSet, normalization, folder.resolve("rnl-q" + LEVELS), provenance);
          return List.of(rnl, quantized);
        });
    Network rnl = stageOne.get(0);
    Network quantized = stageOne.get(1);

    List<Network> tuned = clock.time("3/4 stage 2: tuning the threshold scale with the Rate Inference Loss"
        + (full ? " (Eq. 6, then clip-only, then the quantized network's)" : ""), () -> {
          OptionalDouble init = OptionalDouble.of(StageTwoConfig.DEFAULT_INIT);
          List<Network> networks = new ArrayList<>();
          networks.add(tune(rnl, stageTwo(init, 3e-3, ThresholdScaling.RATE), split, normalization,
              folder.resolve("tune"), provenance));
          if (full) {
            networks.add(tune(rnl, stageTwo(init, 1e-2, ThresholdScaling.CLIP_ONLY), split, normalization,
                folder.resolve("tune-clip"), provenance));
            // from stage 1's own p′, which is already close to its best: Adam's default learning rate
            networks.add(tune(quantized, stageTwo(OptionalDouble.empty(), StageTwoConfig.DEFAULT_LEARNING_RATE,
                ThresholdScaling.RATE), split, normalization, folder.resolve("tune-q" + LEVELS), provenance));
          }
          return networks;
        });

    List<Comparison.Candidate> candidates = candidates(relu, rnl, quantized, tuned);
    SimulationOptions simulation = new SimulationOptions(steps, InputCoding.CONSTANT,
        SimulateCommand.initialMembrane(initialMembrane), Readout.ACCUMULATE, seed);
    ConversionOptions conversion = new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL)
        .withCalibration(calibration);
    SpikingRun run = new SpikingRun(engines.create(), test, normalization, 250);
    Map<String, Object> provenanceBlock = provenanceBlock(provenance, run, simulation, plan);
    Map<String, Integer> shorter = full ? Map.of()
        : Map.of(Comparison.rateNormLabel(quantized), QUANTIZED_STEPS);
    System.out.println("demo 4/4 converting and simulating " + candidates.size() + " methods on "
        + test.size() + " test images to T = " + steps);
    DemoResults results = new Comparison(run, conversion, simulation, folder, clock)
        .run(candidates, shorter, provenanceBlock, dataNote, EnergyModel.CMOS_45NM);
    System.out.printf("demo finished in %.1f minutes: %s%n", clock.totalMinutes(),
        folder.resolve(ReportRenderer.REPORT).toAbsolutePath());
    return 0;
  }

  /** The demo's images: the training split (limited by the plan) and test split, and a line on them. */
  private record Data(ImageSet train, ImageSet test, String note) {}

  /**
   * Fashion-MNIST where it is found, else the subset embedded in the jar, each split cut to the
   * plan's and {@code --test-limit}'s size.
   */
  private Data data(Plan plan, int limit, int steps) throws IOException {
    String note;
    ImageSet train;
    ImageSet test;
    try {
      train = Datasets.load(KnownDataset.FASHION_MNIST, Split.TRAIN, dataDir);
      test = Datasets.load(KnownDataset.FASHION_MNIST, Split.TEST, dataDir);
      note = "Fashion-MNIST (" + train.size() + " training images), ";
    } catch (IOException e) {
      System.out.println("demo: " + EmbeddedFashionMnist.NOTE);
      train = EmbeddedFashionMnist.load(Split.TRAIN);
      test = EmbeddedFashionMnist.load(Split.TEST);
      note = EmbeddedFashionMnist.NOTE + " ";
    }
    if (plan.trainLimit() > 0 && plan.trainLimit() < train.size()) {
      train = train.subset(IntStream.range(0, plan.trainLimit()).toArray());
    }
    if (limit > 0 && limit < test.size()) {
      test = test.subset(IntStream.range(0, limit).toArray());
    }
    note += test.size() + " test images simulated to T = " + steps + " (" + plan.name() + " run).";
    return new Data(train, test, note);
  }

  /**
   * What the demo compares: rnl+ril and rnl-q8 against maxnorm and robustnorm; with {@code --full}
   * also rnl, rnl+ril-clip, rnl+ril-q8, scaled and maxnorm from θ/2.
   */
  private List<Comparison.Candidate> candidates(Network relu, Network rnl, Network quantized,
      List<Network> tuned) {
    List<Network> rateNorm = full ? List.of(rnl, tuned.get(0), tuned.get(1), quantized, tuned.get(2))
        : List.of(tuned.get(0), quantized);
    List<Comparison.Candidate> candidates = new ArrayList<>();
    rateNorm.forEach(n -> candidates.add(new Comparison.Candidate(Comparison.rateNormLabel(n), n, "rnl")));
    List<String> baselines = full ? List.of("maxnorm", "robustnorm", "scaled") : List.of("maxnorm", "robustnorm");
    baselines.forEach(m -> candidates.add(new Comparison.Candidate(m, relu, m)));
    if (full) {
      candidates.add(new Comparison.Candidate(ReportNumbers.HALF_BASELINE, relu, "maxnorm", true));
    }
    return candidates;
  }

  /** The provenance block of results.json. */
  private Map<String, Object> provenanceBlock(Provenance provenance, SpikingRun run,
      SimulationOptions simulation, Plan plan) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("job", "demo");
    block.put("command", provenance.command());
    block.put("engine", run.engine().name());
    block.put(DemoResults.INITIAL_MEMBRANE,
        simulation.initialMembrane() == InitialMembrane.HALF_THRESHOLD ? "θ/2" : "0");
    block.put("seed", seed);
    block.put("versions", provenance.versions());
    block.put("plan", plan.toString());
    return block;
  }

  /**
   * Fine-tunes {@code initial} (stage 1 from the ReLU twin) with {@code spikePenalty} into
   * {@code dir}; its best epoch.
   */
  private Network fineTune(Network initial, double spikePenalty, Plan plan, TrainValidationSplit split,
      ImageSet test, Normalization normalization, Path dir, Provenance provenance) throws IOException {
    stageOne(Activation.RATE_NORM, plan.fineTuneEpochs(), 1e-3, spikePenalty, split, test,
        normalization, dir).fineTune(initial, provenance);
    return new TrainingDirectory(dir).bestNetwork();
  }

  /**
   * Stage 2's settings: {@link #TUNE_EPOCHS}, one shared p′, batches of 128, and λ, tolerance and
   * evaluation interval at their defaults.
   */
  private StageTwoConfig stageTwo(OptionalDouble init, double learningRate, ThresholdScaling scaling) {
    return new StageTwoConfig(StageTwoConfig.DEFAULT_LAMBDA, init, learningRate, TUNE_EPOCHS, 128,
        StageTwoConfig.DEFAULT_ACCURACY_TOLERANCE, StageTwoConfig.DEFAULT_EVAL_EVERY,
        ScaleSharing.SHARED, seed, scaling);
  }

  /** Stage 2 on {@code rnl} with {@code config}, into {@code dir}; its pick. */
  private static Network tune(Network rnl, StageTwoConfig config, TrainValidationSplit split,
      Normalization normalization, Path dir, Provenance provenance) throws IOException {
    new StageTwoTraining(config, split.train(), split.validation(), normalization, dir,
        new StageTwoProgress()).run(rnl, provenance);
    return new TuneDirectory(dir).bestNetwork();
  }

  private StageOneTraining stageOne(Activation activation, int epochs, double lr, double spikePenalty,
      TrainValidationSplit split, ImageSet test, Normalization normalization, Path dir) {
    TrainingConfig config = new TrainingConfig("cnn7", KnownDataset.FASHION_MNIST.id(), activation,
        epochs, 128, OptimizerKind.ADAM, lr, 0.9, 0, LearningRateSchedule.Kind.COSINE, 30, 0.1,
        split.validation().size(), 0, false, seed, spikePenalty);
    return new StageOneTraining(config, split.train(), split.validation(), test, normalization,
        new TrainingDirectory(dir), new ProgressBars());
  }
}
