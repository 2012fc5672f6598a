package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.spikebridge.convert.InputNormalizationFolding;
import org.spikebridge.convert.OutputNormalization;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.metrics.SummaryTable;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SimulationProvenance;
import org.spikebridge.simulate.SpikingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikebridge simulate}: runs a spiking network on a test set and records every step. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Simulate a spiking network on a dataset's test split and write accuracy, "
        + "K curves, Ω, spikes and power for every time step (JSON and CSV).")
final class SimulateCommand implements Callable<Integer> {
  private static final int[] TABLE_STEPS = {8, 16, 32, 64, 128, 256, 512, 1024};

  @Option(names = "--snn", required = true, description = "Folder of a converted spiking network.")
  Path snn;

  @Mixin
  DatasetOptions data;

  @Option(names = "--timesteps", defaultValue = "256", description = "Time steps T (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--coding", defaultValue = "constant",
      description = "constant (analog input current, the paper's choice) or poisson (default: ${DEFAULT-VALUE}).")
  String coding;

  @Option(names = "--initial-membrane", description = "zero, half (θ/2) or calibrated (each "
      + "layer's calibrated v(0)) (default: calibrated for a calibrated network, half for a "
      + "network converted from quantized Rate Norm Layers, else zero).")
  String initialMembrane;

  @Option(names = "--readout", defaultValue = "accumulate",
      description = "accumulate (output current) or spike-count (default: ${DEFAULT-VALUE}).")
  String readout;

  @Option(names = "--reset",
      description = "What a spike does to the membrane potential: subtract (v ← v − θ, the paper's) "
          + "zero (v ← 0, NIR's IF neuron) or signed (subtract, and a neuron whose v falls below 0 "
          + "after firing takes a spike back: v ← v + θ, a spike of −1) (default: the one the "
          + "network was calibrated for, else subtract).")
  String reset;

  @Mixin
  EarlyExitOptions earlyExit;

  @Option(names = "--batch-size", defaultValue = "256", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--limit", defaultValue = "0",
      description = "Simulate only the first N test images, 0 for all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--alpha", defaultValue = "1.0",
      description = "Energy per spike α in joules, for power and energy (Eq. 14; default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of Poisson input spikes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  EngineOptions engines;

  @Option(names = "--out", required = true, description = "Folder for metrics.json and curves.csv.")
  Path out;

  @Override
  public Integer call() throws Exception {
    InputCoding inputCoding = parse(InputCoding.class, coding, "--coding");
    InitialMembrane given = initialMembrane != null ? initialMembrane(initialMembrane) : null;
    Readout readoutKind = parse(Readout.class, readout, "--readout");
    ResetMode resetMode = reset != null ? parse(ResetMode.class, reset, "--reset") : null;
    EarlyExit exit = earlyExit.rule();
    if (batchSize <= 0 || limit < 0) {
      throw new IllegalArgumentException("--batch-size must be > 0 and --limit ≥ 0");
    }
    Outcome outcome;
    try (StagedFolder staged = StagedFolder.create(out)) {
      outcome = simulate(inputCoding, given, readoutKind, exit, resetMode, staged.path());
      staged.commit();
    }
    System.out.print(SummaryTable.format(outcome.metrics(), TABLE_STEPS));
    if (exit.enabled()) {
      SimulationMetrics m = outcome.metrics();
      System.out.printf(Locale.ROOT, "early exit %s: %.2f steps per image on average, 95 %% of images "
          + "within %d; accuracy %.2f %%, %.0f spikes per image%n", exit.describe(), m.meanSteps(),
          m.stepsForFraction(0.95), m.accuracyAt(timesteps), m.spikesUpTo(timesteps));
    }
    System.out.printf(Locale.ROOT, "%d images × %s steps in %.1f s (%.0f image·steps/s); written to %s%n",
        outcome.images(), exit.enabled() ? String.format(Locale.ROOT, "%.2f", outcome.metrics().meanSteps())
            : Integer.toString(timesteps), outcome.seconds(), outcome.imageStepsPerSecond(), out.toAbsolutePath());
    return 0;
  }

  /** What a simulation measured, for the summary printed once its folder is in place. */
  private record Outcome(SimulationMetrics metrics, int images, double seconds) {
    /** Images × the steps they ran, per second. */
    double imageStepsPerSecond() {
      return images * metrics.meanSteps() / seconds;
    }
  }

  /**
   * Simulates the network on the test images and writes metrics.json and curves.csv into
   * {@code dir}; a null {@code resetMode} is the one the network was calibrated for.
   */
  private Outcome simulate(InputCoding inputCoding, InitialMembrane given, Readout readoutKind,
      EarlyExit exit, ResetMode resetMode, Path dir) throws java.io.IOException {
    SpikingNetwork network = SpikingNetwork.load(snn);
    InitialMembrane trainedFor = InitialMembrane.trainedFor(network);
    if (given == null && trainedFor == InitialMembrane.HALF_THRESHOLD) {
      System.out.println("v(0) = θ/2, which its quantized Rate Norm Layers were trained for "
          + "(--initial-membrane zero overrides it)");
    } else if (given == null && trainedFor == InitialMembrane.CALIBRATED) {
      System.out.println("v(0) as calibrated for T = " + network.network().provenance().settings()
          .get("calibration.timesteps") + " (--initial-membrane zero or half overrides it)");
    }
    ResetMode calibratedFor = ResetMode.trainedFor(network);
    if (resetMode == null && calibratedFor != ResetMode.SUBTRACT) {
      System.out.println("reset " + calibratedFor.describe() + ", which it was calibrated for "
          + "(--reset overrides it)");
    }
    if (readoutKind == Readout.SPIKE_COUNT
        && !network.network().provenance().settings().containsKey(OutputNormalization.SCALE)) {
      System.out.println("note: its output layer was not mapped for spike-count readout (convert "
          + "--output-percentile 50): classes whose current passes θ = 1 at every step tie");
    }
    SimulationOptions options = new SimulationOptions(timesteps, inputCoding,
        given != null ? given : trainedFor, readoutKind, seed, exit,
        resetMode != null ? resetMode : calibratedFor);
    TensorShape input = network.network().architecture().inputShape();
    DatasetSource source = data.source(network.network());
    ImageSet test = DatasetOptions.load(source, Split.TEST, input, snn);
    if (limit > 0 && limit < test.size()) {
      test = test.subset(IntStream.range(0, limit).toArray());
    }
    Normalization normalization = data.normalization(source, network.network());
    Map<String, String> dataSettings = data.provenance(source, normalization);
    if (options.coding() == InputCoding.POISSON) {
      network = new SpikingNetwork(InputNormalizationFolding.fold(network.network(), normalization));
      normalization = Normalization.none(input.dim(0));
    }
    SimulationEngine engine = engines.create();
    long start = System.nanoTime();
    MetricsFiles.Contents contents = new SpikingRun(engine, test, normalization, batchSize)
        .simulate("simulate T=" + timesteps, network, options, alpha);
    double seconds = (System.nanoTime() - start) / 1e9;
    Outcome outcome = new Outcome(contents.metrics(), test.size(), seconds);
    Map<String, Object> run = SimulationProvenance.run(snn.toAbsolutePath().toString(), network, dataSettings,
        engine.name(), options, seconds, outcome.imageStepsPerSecond(),
        ProcessHandle.current().info().commandLine().orElse("spikebridge simulate"), Versions.of(engine));
    MetricsFiles.write(contents.withRun(run), dir);
    return outcome;
  }

  /** v(0) from {@code --initial-membrane}: zero, or half (θ/2); the message names the option. */
  static InitialMembrane initialMembrane(String value) {
    return "half".equals(value) ? InitialMembrane.HALF_THRESHOLD
        : parse(InitialMembrane.class, value, "--initial-membrane");
  }

  /** The constant of {@code type} named {@code value} (any case, - for _); refused naming {@code option}. */
  static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
    String key = value.toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException(option + ": unknown value '" + value + "'");
  }
}
