package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spikebridge compare}: every conversion method that applies to one or more checkpoints,
 * each simulated on the test split, in one report.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert checkpoints with every method that applies (or those named), simulate "
        + "each on the test split and write report.md, results.json and plots.")
final class CompareCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "A training or tune run folder, or a network folder (e.g. from import); "
          + "repeat it to compare several networks, e.g. a ReLU network and its Rate Norm twins.")
  List<Path> checkpoints;

  @Mixin
  DatasetOptions data;

  @Option(names = "--methods", split = ",", paramLabel = "M",
      description = "Only these methods or labels, e.g. maxnorm,robustnorm,rnl+ril (default: all "
          + "that apply: maxnorm, robustnorm, scaled, channelnorm for a ReLU network; rnl for a "
          + "Rate Norm network, labelled rnl, rnl+ril, rnl+ril-clip, rnl-q8, … after its training).")
  List<String> methods = List.of();

  @Option(names = "--timesteps", defaultValue = "256", description = "T (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--timesteps-of", split = ",", paramLabel = "LABEL=T",
      description = "A smaller T for some methods, e.g. rnl-q8=64,rnl+ril-q8=64 for quantized networks that "
          + "converge in a few steps (default: every method to --timesteps).")
  Map<String, Integer> timestepsOf = Map.of();

  @Option(names = "--test-limit", defaultValue = "0",
      description = "Test images simulated, 0 for all (default: ${DEFAULT-VALUE}).")
  int testLimit;

  @Option(names = "--calibration-size", defaultValue = "5000",
      description = "Training images that calibrate the baselines (default: ${DEFAULT-VALUE}).")
  int calibrationSize;

  @Option(names = "--maxpool", defaultValue = "spike", converter = ConvertCommand.MaxPoolConverter.class,
      description = "MaxPool2d layers: spike (spiking max pooling), avg or fail (default: ${DEFAULT-VALUE}).")
  MaxPoolPolicy maxPool;

  @Option(names = "--initial-membrane", description = "half to start every method from v(0) = θ/2 "
      + "(default: each network's own: 0, or θ/2 for quantized Rate Norm Layers).")
  String initialMembrane;

  @Option(names = "--reset", defaultValue = "subtract",
      description = "How every method's neurons reset, as simulate's --reset: subtract, zero or "
          + "signed (default: ${DEFAULT-VALUE}).")
  String reset;

  @Option(names = "--readout", defaultValue = "accumulate",
      description = "How every method's output becomes a class, as simulate's --readout: accumulate "
          + "or spike-count (default: ${DEFAULT-VALUE}).")
  String readout;

  /** Maps every method's output layer for spike-count readout, as convert does. */
  @Mixin
  OutputNormalizationOptions output;

  @Option(names = "--pj-per-ac", defaultValue = "0.9",
      description = "Energy of an accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm CMOS).")
  double picojoulesPerAc;

  @Option(names = "--pj-per-mac", defaultValue = "4.6",
      description = "Energy of a multiply-accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm CMOS).")
  double picojoulesPerMac;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the calibration sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  EngineOptions engines;

  /** Re-simulates the best method with this early exit. */
  @Mixin
  EarlyExitOptions earlyExit;

  @Option(names = "--out", description = "Output folder (default: runs/compare-<date-time>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    EnergyModel energy = new EnergyModel(picojoulesPerAc, picojoulesPerMac);
    Path folder = out != null ? out : RunFolders.timestamped("compare");
    DemoResults results;
    try (StagedFolder staged = StagedFolder.create(folder)) {
      results = compare(staged.path(), energy);
      staged.commit();
    }
    System.out.printf("compared %d methods in %.1f minutes: %s%n", results.methods().size(),
        ((Number) results.provenance().get("minutes")).doubleValue(),
        folder.resolve(ReportRenderer.REPORT).toAbsolutePath());
    return 0;
  }

  /** Converts and simulates every candidate, and writes the run into {@code dir}. */
  private DemoResults compare(Path dir, EnergyModel energy) throws java.io.IOException {
    EarlyExit rule = earlyExit.rule();
    ResetMode resetMode = SimulateCommand.parse(ResetMode.class, reset, "--reset");
    Readout readoutKind = SimulateCommand.parse(Readout.class, readout, "--readout");
    boolean normalize = output.requested();
    List<Comparison.Candidate> candidates = candidates();
    checkTimestepsOf(candidates);
    Network first = candidates.get(0).ann();
    TensorShape input = first.architecture().inputShape();
    DatasetSource source = data.source(first);
    ImageSet train = DatasetOptions.load(source, Split.TRAIN, input, checkpoints.get(0));
    ImageSet test = limited(DatasetOptions.load(source, Split.TEST, input, checkpoints.get(0)));
    Normalization normalization = data.normalization(source, first);
    CalibrationSet calibration = CalibrationSet.sample(train, normalization, calibrationSize, seed);
    ConversionOptions conversion = new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, maxPool)
        .withCalibration(calibration);
    SimulationOptions simulation = new SimulationOptions(timesteps, InputCoding.CONSTANT,
        initialMembrane == null ? InitialMembrane.ZERO : SimulateCommand.initialMembrane(initialMembrane),
        readoutKind, seed).withReset(resetMode);
    simulation.withEarlyExit(rule); // refuses, before any work, an early exit the reset cannot take
    SpikingRun run = new SpikingRun(engines.create(), test, normalization, 250);
    Map<String, Object> provenance = provenance(source, normalization, run, resetMode);
    UnaryOperator<SpikingNetwork> outputMap = normalize ? snn -> output.apply(snn, calibration)
        : UnaryOperator.identity();
    return new Comparison(run, conversion, outputMap, simulation, dir, new PhaseClock("compare"))
        .run(candidates, timestepsOf, provenance, source.id() + ": " + test.size() + " test images simulated to T = "
            + timesteps + ".", energy, rule);
  }

  /** Refuses a --timesteps-of entry that names no compared method or gives no positive T. */
  private void checkTimestepsOf(List<Comparison.Candidate> candidates) {
    List<String> labels = candidates.stream().map(Comparison.Candidate::label).toList();
    for (Map.Entry<String, Integer> e : timestepsOf.entrySet()) {
      if (e.getValue() < 1 || !labels.contains(e.getKey())) {
        throw new IllegalArgumentException("--timesteps-of " + e.getKey() + "=" + e.getValue()
            + ": expected T >= 1 for one of the methods compared (" + String.join(", ", labels) + ")");
      }
    }
  }

  /** The candidates of every checkpoint; a later checkpoint's label that repeats gets its folder's name. */
  private List<Comparison.Candidate> candidates() throws java.io.IOException {
    List<Comparison.Candidate> all = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    TensorShape input = null;
    for (Path checkpoint : checkpoints) {
      Network ann = Checkpoints.load(checkpoint);
      if (input != null && !input.equals(ann.architecture().inputShape())) {
        throw new IllegalArgumentException(checkpoint + ": expected inputs of " + input + " like the first "
            + "checkpoint, found " + ann.architecture().inputShape());
      }
      input = ann.architecture().inputShape();
      for (Comparison.Candidate c : Comparison.candidates(ann, methods)) {
        String label = labels.contains(c.label()) ? checkpoint.getFileName() + "/" + c.label() : c.label();
        if (!labels.add(label)) {
          throw new IllegalArgumentException(checkpoint + ": the label " + label + " is taken twice");
        }
        all.add(new Comparison.Candidate(label, ann, c.method(), c.fromHalf()));
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("--methods " + String.join(",", methods) + ": none applies to "
          + checkpoints + " (a ReLU network takes " + String.join(", ", Comparison.RELU_METHODS)
          + "; a Rate Norm network takes rnl)");
    }
    return all;
  }

  private ImageSet limited(ImageSet test) {
    if (testLimit < 0) {
      throw new IllegalArgumentException("--test-limit must be ≥ 0, found " + testLimit);
    }
    return testLimit > 0 && testLimit < test.size()
        ? test.subset(IntStream.range(0, testLimit).toArray()) : test;
  }

  private Map<String, Object> provenance(DatasetSource source, Normalization normalization, SpikingRun run,
      ResetMode reset) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("job", "compare");
    p.put("command", ProcessHandle.current().info().commandLine().orElse("spikebridge compare"));
    p.put("checkpoints", checkpoints.stream().map(c -> c.toAbsolutePath().toString()).toList());
    p.putAll(data.provenance(source, normalization));
    p.put("engine", run.engine().name());
    p.put(DemoResults.INITIAL_MEMBRANE, "half".equals(initialMembrane) ? "θ/2" : "0");
    p.put("reset", reset.describe());
    p.put(DemoResults.READOUT, readout);
    if (output.percentile != null) {
      p.put(DemoResults.OUTPUT_PERCENTILE, output.percentile);
      p.put(DemoResults.OUTPUT_MARGIN, output.margin);
    }
    p.put("seed", seed);
    p.put("calibrationSize", calibrationSize);
    p.put("versions", Versions.of(run.engine()));
    return p;
  }
}
