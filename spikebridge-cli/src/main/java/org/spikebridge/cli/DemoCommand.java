package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
import org.spikebridge.files.FileTrees;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.ReportNumbers;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikebridge demo}: the paper's experiment on Fashion-MNIST with cnn7, end to end. Trains
 * the ReLU twin, fine-tunes a Rate Norm network from it (stage 1) and a twin quantized to 8 levels,
 * tunes the threshold scale with the Rate Inference Loss (stage 2) ({@link DemoTraining}), then
 * hands the networks to {@link Comparison}, as {@code compare} does: by default the paper's method
 * (rnl+ril) against Max Norm and Robust Norm, plus the quantized network beyond the paper; with
 * {@code --full} every method and variant to T = 256.
 *
 * <p>The demo writes into a staging folder ({@link StagedFolder}) renamed into place when it is
 * complete. {@code --resume} continues a killed or failed demo there, with the options it was
 * started with ({@link SavedArguments}): the training phases it finished are reloaded, the one it
 * was stopped in continues from its checkpoints, and the comparison is done again from scratch.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train, tune, convert and simulate cnn7 on Fashion-MNIST, compare the paper's "
        + "method with the baselines and write a report (results.json, report.md, plots).")
final class DemoCommand implements Callable<Integer> {
  /** results.json's list of the phases an earlier, killed run of the demo finished. */
  static final String RESUMED_PHASES = "resumedPhases";
  /** The log of the finished phases and their seconds, in the demo's folder. */
  static final String PHASES = "phases.json";
  /** Steps of the quantized networks' simulations in the default run: they are within a point by t ≈ 10–13. */
  private static final int QUANTIZED_STEPS = 64;
  private static final KnownDataset DATASET = DemoTraining.DATASET;

  @Spec
  CommandSpec spec;

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

  @Option(names = "--resume", description = "Continue an unfinished demo (killed, or stopped by an "
      + "error) with the options it was started with: the one for --out, else the newest under "
      + "runs/. Finished training phases are kept, the comparison is done again.")
  boolean resume;

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

  /** The demo's images: the training split (limited by the plan) and test split, and a line on them. */
  private record Data(ImageSet train, ImageSet test, String note) {}

  /** The networks the training phases made. */
  private record Networks(Network relu, DemoTraining.StageOne stageOne, List<Network> tuned) {}

  @Override
  public Integer call() throws Exception {
    if (resume) {
      Path target = out != null ? out : newestUnfinished(Path.of("runs"));
      if (Files.exists(target) && !Files.exists(StagedFolder.stagingPath(target))) {
        throw new IOException(target + " is a finished demo: there is nothing to resume");
      }
      StagedFolder staged = StagedFolder.resume(target);
      DemoCommand saved = SavedArguments.load(staged.path(), "demo", DemoCommand::new,
          "--out", target.toString(), "--resume");
      System.out.println("demo: resuming " + target + " with the options it was started with");
      return saved.run(staged);
    }
    Path target = out != null ? out : RunFolders.timestamped(quick ? "demo-quick" : "demo");
    StagedFolder staged = StagedFolder.create(target);
    SavedArguments.save(spec, staged.path(), Set.of("--out", "--resume"));
    return run(staged);
  }

  /**
   * Runs (or continues) the demo in {@code staged} and renames it into place; an error leaves the
   * staging folder for {@code --resume}.
   */
  private int run(StagedFolder staged) throws IOException {
    Plan plan = quick ? new Plan("quick", 1, 1, 10_000, 1000, 500, 64, 300)
        : full ? new Plan("full", 10, 3, 0, 5000, 5000, 256, 0)
        : new Plan("default", 4, 1, 0, 5000, 5000, 128, 0);
    SimulationOptions simulation = new SimulationOptions(timesteps != null ? timesteps : plan.timesteps(),
        InputCoding.CONSTANT, SimulateCommand.initialMembrane(initialMembrane), Readout.ACCUMULATE, seed);
    Path folder = staged.path();
    PhaseClock clock = new PhaseClock("demo", folder.resolve(PHASES));
    Data data = data(plan, testLimit != null ? testLimit : plan.testLimit(), simulation.timesteps());
    int validation = Math.min(plan.validationSize(), data.train().size() / 10);
    TrainValidationSplit split = TrainValidationSplit.of(data.train(), validation, seed);
    Normalization normalization = Normalization.of(DATASET);
    Provenance provenance = new Provenance(DATASET.id(), seed,
        ProcessHandle.current().info().commandLine().orElse("spikebridge demo"), Versions.all(),
        Map.of("demo", plan.name()));
    DemoTraining training = new DemoTraining(folder, split, data.test(), normalization, provenance,
        seed, clock);
    Network relu = training.reluTwin(plan.reluEpochs());
    CalibrationSet calibration = CalibrationSet.sample(split.train(), normalization, plan.calibration(), seed);
    DemoTraining.StageOne stageOne = training.stageOne(relu, plan.fineTuneEpochs(), calibration);
    Networks networks = new Networks(relu, stageOne, training.stageTwo(stageOne, full));
    compare(folder, networks, calibration, data, provenance, simulation, plan, clock);
    Path done = staged.commit();
    System.out.printf("demo finished in %.1f minutes: %s%n", clock.totalMinutes(),
        done.resolve(ReportRenderer.REPORT).toAbsolutePath());
    return 0;
  }

  /**
   * Phase 4: converts and simulates every method on the test images, and writes results.json, the
   * report and the plots into {@code folder}, after removing what a killed earlier comparison left.
   */
  private void compare(Path folder, Networks networks, CalibrationSet calibration, Data data,
      Provenance provenance, SimulationOptions simulation, Plan plan, PhaseClock clock)
      throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!DemoTraining.FOLDERS.contains(name) && !name.equals(PHASES)
            && !name.equals(SavedArguments.FILE)) {
          FileTrees.deleteRecursively(entry);
        }
      }
    }
    List<Comparison.Candidate> candidates = candidates(networks);
    ConversionOptions conversion = new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL)
        .withCalibration(calibration);
    SpikingRun run = new SpikingRun(engines.create(), data.test(), Normalization.of(DATASET), 250);
    Map<String, Object> provenanceBlock = provenanceBlock(provenance, run, simulation, plan);
    if (!clock.resumed().isEmpty()) {
      provenanceBlock.put(RESUMED_PHASES, clock.resumed());
    }
    Map<String, Integer> shorter = full ? Map.of()
        : Map.of(Comparison.rateNormLabel(networks.stageOne().quantized()), QUANTIZED_STEPS);
    System.out.println("demo 4/4 converting and simulating " + candidates.size() + " methods on "
        + data.test().size() + " test images to T = " + simulation.timesteps());
    new Comparison(run, conversion, UnaryOperator.identity(), simulation, folder, clock)
        .run(candidates, shorter, provenanceBlock, data.note(), EnergyModel.CMOS_45NM, EarlyExit.exact());
  }

  /**
   * The target of the unfinished demo under {@code runs} started last: the one whose staging
   * folder holds the newest {@link SavedArguments#FILE}.
   */
  private static Path newestUnfinished(Path runs) throws IOException {
    Path newest = null;
    FileTime started = null;
    if (Files.isDirectory(runs)) {
      try (Stream<Path> entries = Files.list(runs)) {
        for (Path staging : entries.toList()) {
          Path saved = staging.resolve(SavedArguments.FILE);
          if (staging.getFileName().toString().startsWith(".demo") && Files.exists(saved)
              && (started == null || Files.getLastModifiedTime(saved).compareTo(started) > 0)) {
            newest = staging;
            started = Files.getLastModifiedTime(saved);
          }
        }
      }
    }
    if (newest == null) {
      throw new IOException(runs.toAbsolutePath() + " holds no unfinished demo to resume: give "
          + "its folder with --out");
    }
    String name = newest.getFileName().toString();
    Path target = runs.resolve(name.substring(1, name.lastIndexOf('.')));
    if (!StagedFolder.stagingPath(target).equals(newest.toAbsolutePath().normalize())) {
      throw new IOException(newest + " is not the staging folder of a demo: give the demo's "
          + "folder with --out");
    }
    return target;
  }

  /**
   * Fashion-MNIST where it is found, else the subset embedded in the jar, each split cut to the
   * plan's and {@code --test-limit}'s size.
   */
  private Data data(Plan plan, int limit, int steps) throws IOException {
    String note;
    ImageSet train;
    ImageSet test;
    try {
      train = Datasets.load(DATASET, Split.TRAIN, dataDir);
      test = Datasets.load(DATASET, Split.TEST, dataDir);
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
  private List<Comparison.Candidate> candidates(Networks networks) {
    Network rnl = networks.stageOne().rnl();
    Network quantized = networks.stageOne().quantized();
    List<Network> tuned = networks.tuned();
    List<Network> rateNorm = full ? List.of(rnl, tuned.get(0), tuned.get(1), quantized, tuned.get(2))
        : List.of(tuned.get(0), quantized);
    List<Comparison.Candidate> candidates = new ArrayList<>();
    rateNorm.forEach(n -> candidates.add(new Comparison.Candidate(Comparison.rateNormLabel(n), n, "rnl")));
    List<String> baselines = full ? List.of("maxnorm", "robustnorm", "scaled") : List.of("maxnorm", "robustnorm");
    baselines.forEach(m -> candidates.add(new Comparison.Candidate(m, networks.relu(), m)));
    if (full) {
      candidates.add(new Comparison.Candidate(ReportNumbers.HALF_BASELINE, networks.relu(), "maxnorm", true));
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
}
