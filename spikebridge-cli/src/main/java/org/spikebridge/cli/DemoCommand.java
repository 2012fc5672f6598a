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
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.Datasets;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.MethodResult;
import org.spikebridge.report.ReportNumbers;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.report.ResultsFile;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.RateNormFromRelu;
import org.spikebridge.train.ScaleSharing;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.StageTwoConfig;
import org.spikebridge.train.StageTwoListener;
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
 * tunes their threshold scale with the Rate Inference Loss (stage 2), converts with rnl (stage 1
 * and stage 2 of each), rnl+ril-clip, maxnorm, robustnorm and scaled, simulates each, and writes
 * results.json, report.md and the plots.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train, tune, convert and simulate cnn7 on Fashion-MNIST with every method and "
        + "write a report (results.json, report.md, plots).")
final class DemoCommand implements Callable<Integer> {
  private static final List<String> BASELINES = List.of("maxnorm", "robustnorm", "scaled");
  /** Quantization levels of the demo's quantized Rate Norm network ({@code rnl-q8}). */
  private static final int LEVELS = 8;
  /** The spike penalty of the quantized network's fine-tuning (TrainingConfig#spikePenalty). */
  private static final double SPIKE_PENALTY = 0.1;
  /**
   * Epochs of each stage 2. In one epoch at the demo's learning rates p′ walks from 3 (rnl+ril,
   * rnl+ril-clip) past the accuracy tolerance, so the candidate with the lowest Ω within it is the
   * last one before the accuracy drops by a point (seed 1: iterations 300 and 250 of 430; a second
   * epoch found no more).
   */
  private static final int TUNE_EPOCHS = 1;
  /** Steps of the rnl-q8 simulation (at most T). */
  private static final int QUANTIZED_STEPS = 64;
  /** Steps of the rnl+ril-clip and maxnorm-half simulations (at most T). */
  private static final int EXTRA_STEPS = 128;

  @Option(names = "--quick", description = "A smoke run of a few minutes (fewer images, epochs and steps).")
  boolean quick;

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

  @Option(names = "--timesteps", description = "T (default: 256; quick: 64).")
  Integer timesteps;

  @Option(names = "--initial-membrane", defaultValue = "zero",
      description = "v(0) of every method: zero (the paper's) or half (θ/2) (default: ${DEFAULT-VALUE}).")
  String initialMembrane;

  /** The size of every phase: full or quick. */
  private record Plan(int reluEpochs, int fineTuneEpochs, double tuneLearningRate,
      double clipLearningRate, int trainLimit, int validationSize, int calibration, int timesteps,
      int testLimit) {}

  @Override
  public Integer call() throws Exception {
    Plan plan = quick ? new Plan(1, 1, 3e-3, 1e-2, 10_000, 1000, 500, 64, 300)
        : new Plan(10, 3, 3e-3, 1e-2, 0, 5000, 5000, 256, 0);
    int steps = timesteps != null ? timesteps : plan.timesteps();
    int limit = testLimit != null ? testLimit : plan.testLimit();
    Path folder = out != null ? out : RunFolders.timestamped(quick ? "demo-quick" : "demo");
    OutputFolders.requireAbsentOrEmpty(folder);
    long start = System.nanoTime();

    KnownDataset dataset = KnownDataset.FASHION_MNIST;
    String dataNote;
    ImageSet train;
    ImageSet test;
    try {
      train = Datasets.load(dataset, Split.TRAIN, dataDir);
      test = Datasets.load(dataset, Split.TEST, dataDir);
      dataNote = "Fashion-MNIST (" + train.size() + " training images), ";
    } catch (IOException e) {
      System.out.println("demo: " + EmbeddedFashionMnist.NOTE);
      train = EmbeddedFashionMnist.load(Split.TRAIN);
      test = EmbeddedFashionMnist.load(Split.TEST);
      dataNote = EmbeddedFashionMnist.NOTE + " ";
    }
    if (plan.trainLimit() > 0 && plan.trainLimit() < train.size()) {
      train = train.subset(IntStream.range(0, plan.trainLimit()).toArray());
    }
    if (limit > 0 && limit < test.size()) {
      test = test.subset(IntStream.range(0, limit).toArray());
    }
    dataNote += test.size() + " test images simulated to T = " + steps + (quick ? " (--quick run)." : ".");
    int validation = Math.min(plan.validationSize(), train.size() / 10);
    TrainValidationSplit split = TrainValidationSplit.of(train, validation, seed);
    Normalization normalization = Normalization.of(dataset);
    TensorShape shape = TensorShape.of(dataset.channels(), dataset.height(), dataset.width());
    Provenance provenance = new Provenance(dataset.id(), seed,
        ProcessHandle.current().info().commandLine().orElse("spikebridge demo"), Versions.all(),
        Map.of("demo", quick ? "quick" : "full"));

    phase("1/5 training the ReLU twin (" + plan.reluEpochs() + " epochs)");
    Path reluDir = folder.resolve("relu");
    stageOne(Activation.RELU, plan.reluEpochs(), 3e-3, 0, split, test, normalization, reluDir)
        .run(ModelZoo.cnn7(shape, 10, Activation.RELU), provenance, false);
    Network relu = new TrainingDirectory(reluDir).bestNetwork();

    phase("2/5 fine-tuning the Rate Norm network from it (" + plan.fineTuneEpochs()
        + " epochs), then its twin quantized to " + LEVELS + " levels");
    Architecture rnlArchitecture = ModelZoo.cnn7(shape, 10, Activation.RATE_NORM);
    CalibrationSet calibration = CalibrationSet.sample(split.train(), normalization, plan.calibration(), seed);
    List<String> reluLayers = relu.architecture().layers().stream()
        .filter(Layer.Relu.class::isInstance).map(Layer::name).toList();
    Map<String, Float> maxima =
        org.spikebridge.convert.ActivationStatistics.layerMax(relu, reluLayers, calibration);
    Network rnl = fineTune(RateNormFromRelu.initialize(relu, rnlArchitecture, maxima, provenance), 0,
        plan, split, test, normalization, folder.resolve("rnl"), provenance);
    Network quantized = fineTune(RateNormFromRelu.initialize(relu,
        rnlArchitecture.withRateNormLevels(LEVELS), maxima, provenance), SPIKE_PENALTY, plan, split,
        test, normalization, folder.resolve("rnl-q" + LEVELS), provenance);

    phase("3/5 stage 2: tuning the threshold scale with the Rate Inference Loss (Eq. 6, then "
        + "clip-only, then the quantized network's)");
    OptionalDouble init = OptionalDouble.of(StageTwoConfig.DEFAULT_INIT);
    Network ril = tune(rnl, stageTwo(init, plan.tuneLearningRate(), ThresholdScaling.RATE), split,
        normalization, folder.resolve("tune"), provenance);
    Network rilClip = tune(rnl, stageTwo(init, plan.clipLearningRate(), ThresholdScaling.CLIP_ONLY),
        split, normalization, folder.resolve("tune-clip"), provenance);
    // from stage 1's own p′, which is already close to its best: Adam's default learning rate
    Network quantizedRil = tune(quantized, stageTwo(OptionalDouble.empty(),
        StageTwoConfig.DEFAULT_LEARNING_RATE, ThresholdScaling.RATE), split, normalization,
        folder.resolve("tune-q" + LEVELS), provenance);

    phase("4/5 converting with rnl, rnl+ril, rnl+ril-clip, " + ReportNumbers.QUANTIZED_METHOD + ", "
        + ReportNumbers.QUANTIZED_RIL_METHOD + ", " + String.join(", ", BASELINES));
    ConversionOptions options = new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL)
        .withCalibration(calibration);
    Map<String, SpikingNetwork> networks = new LinkedHashMap<>();
    networks.put("rnl", ConversionMethods.byName("rnl").convert(rnl, options));
    networks.put("rnl+ril", ConversionMethods.byName("rnl").convert(ril, options));
    networks.put(ReportNumbers.CLIP_ONLY_METHOD,
        ConversionMethods.byName("rnl").convert(rilClip, options));
    networks.put(ReportNumbers.QUANTIZED_METHOD, ConversionMethods.byName("rnl").convert(quantized, options));
    networks.put(ReportNumbers.QUANTIZED_RIL_METHOD,
        ConversionMethods.byName("rnl").convert(quantizedRil, options));
    for (String method : BASELINES) {
      networks.put(method, ConversionMethods.byName(method).convert(relu, options));
    }
    networks.put(ReportNumbers.HALF_BASELINE, networks.get(ReportNumbers.HEADLINE_BASELINE));

    phase("5/5 simulating each to T = " + steps + " on " + test.size() + " test images (the "
        + "methods beyond the paper's stop earlier: see report.md)");
    SimulationOptions simulation =
        simulation(steps, SimulateCommand.initialMembrane(initialMembrane));
    SimulationOptions fromHalf = simulation(steps, InitialMembrane.HALF_THRESHOLD);
    // the methods beyond the five stop earlier, to keep the demo within 15 minutes: the
    // quantized ones are within a point of their ANN by t ≈ 10, rnl+ril-clip by t ≈ 38 and
    // maxnorm-half by t ≈ 53
    Map<String, SimulationOptions> shorter = Map.of(
        ReportNumbers.QUANTIZED_METHOD, upTo(fromHalf, QUANTIZED_STEPS),
        ReportNumbers.QUANTIZED_RIL_METHOD, upTo(fromHalf, QUANTIZED_STEPS),
        ReportNumbers.HALF_BASELINE, upTo(fromHalf, EXTRA_STEPS),
        ReportNumbers.CLIP_ONLY_METHOD, upTo(simulation, EXTRA_STEPS));
    SimulationEngine engine = engines.create();
    List<MethodResult> results = new ArrayList<>();
    for (var entry : networks.entrySet()) {
      SpikingNetwork snn = entry.getValue();
      SimulationOptions methodOptions = shorter.getOrDefault(entry.getKey(), simulation);
      SpikingNetwork.save(snn, folder.resolve("snn").resolve(fileName(entry.getKey())));
      MetricsFiles.Contents contents = new SpikingRun(engine, test, normalization, 250)
          .simulate(entry.getKey(), snn, methodOptions, 1.0)
          .withRun(Map.of("method", entry.getKey(), "options", methodOptions.toString()));
      MetricsFiles.write(contents, folder.resolve("simulations").resolve(fileName(entry.getKey())));
      results.add(new MethodResult(entry.getKey(), contents.metrics().annAccuracy(), contents.metrics(),
          contents.thresholds(), contents.operations()));
    }
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("command", provenance.command());
    run.put("engine", engine.name());
    run.put(DemoResults.INITIAL_MEMBRANE,
        simulation.initialMembrane() == InitialMembrane.HALF_THRESHOLD ? "θ/2" : "0");
    run.put("seed", seed);
    run.put("versions", provenance.versions());
    run.put("plan", plan.toString());
    run.put("minutes", (System.nanoTime() - start) / 6e10);
    DemoResults demo = new DemoResults(run, dataNote, 1.0, org.spikebridge.metrics.EnergyModel.CMOS_45NM, results);
    ResultsFile.write(demo, folder);
    ReportRenderer.render(demo, folder);
    System.out.printf("demo finished in %.1f minutes: %s%n", (System.nanoTime() - start) / 6e10,
        folder.resolve(ReportRenderer.REPORT).toAbsolutePath());
    return 0;
  }

  /** The demo's simulation: constant coding and accumulated output, from {@code start}. */
  private SimulationOptions simulation(int timesteps, InitialMembrane start) {
    return new SimulationOptions(timesteps, InputCoding.CONSTANT, start, Readout.ACCUMULATE, seed);
  }

  /** {@code options} stopped after at most {@code steps} steps. */
  private static SimulationOptions upTo(SimulationOptions options, int steps) {
    return new SimulationOptions(Math.min(options.timesteps(), steps), options.coding(),
        options.initialMembrane(), options.readout(), options.seed());
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
        new StageTwoListener() {}).run(rnl, provenance);
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

  private static void phase(String text) {
    System.out.println("demo " + text);
  }

  private static String fileName(String method) {
    return method.replace('+', '-');
  }
}
