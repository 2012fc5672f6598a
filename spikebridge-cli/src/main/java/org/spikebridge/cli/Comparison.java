package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.EarlyExitSummary;
import org.spikebridge.report.Headlines;
import org.spikebridge.report.MethodResult;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.report.ResultsFile;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.SpikingRun;

/**
 * Converts networks with every conversion method that applies to each, simulates each result with
 * the same engine on the same test images, and writes the run's {@code snn/}, {@code simulations/},
 * {@code results.json}, {@code report.md} and plots: the common path of {@code compare} and the
 * demo.
 *
 * <p>A ReLU network takes the data-based baselines (maxnorm, robustnorm, scaled, channelnorm); a
 * network with Rate Norm Layers takes rnl, labelled after how it was trained: {@code rnl}, then
 * {@code +ril} after stage 2, {@code -clip} for clip-only scaling and {@code -q<L>} for L levels.
 * Each is simulated from the v(0) its network was trained for (θ/2 for quantized Rate Norm Layers).
 */
final class Comparison {
  /** The baselines that apply to a ReLU network, in report order. */
  static final List<String> RELU_METHODS = List.of("maxnorm", "robustnorm", "scaled", "channelnorm");

  /**
   * One method to run.
   *
   * @param label its name in the report
   * @param ann the network it converts
   * @param method the conversion method's name ({@link ConversionMethods})
   * @param fromHalf whether to start it from v(0) = θ/2 whatever its network was trained for
   */
  record Candidate(String label, Network ann, String method, boolean fromHalf) {

    /** A candidate simulated from the v(0) its network was trained for. */
    Candidate(String label, Network ann, String method) {
      this(label, ann, method, false);
    }
  }

  private final SpikingRun run;
  private final ConversionOptions conversion;
  private final UnaryOperator<SpikingNetwork> outputMap;
  private final SimulationOptions simulation;
  private final Path folder;
  private final PhaseClock clock;

  /**
   * A comparison written into {@code folder}.
   *
   * @param outputMap what becomes of each converted network before it is saved and simulated
   *     (identity, or {@code --output-percentile}'s map of its output layer)
   * @param simulation the options of every simulation, but T (cut per method by {@link #run}) and
   *     v(0): θ/2 for all when it says so, else each network's own
   */
  Comparison(SpikingRun run, ConversionOptions conversion, UnaryOperator<SpikingNetwork> outputMap,
      SimulationOptions simulation, Path folder, PhaseClock clock) {
    this.run = run;
    this.conversion = conversion;
    this.outputMap = outputMap;
    this.simulation = simulation;
    this.folder = folder;
    this.clock = clock;
  }

  /** The candidates of {@code ann}: those of its kind, or of them those in {@code only} (empty: all). */
  static List<Candidate> candidates(Network ann, List<String> only) {
    List<Layer> layers = ann.architecture().layers();
    List<Candidate> all = new ArrayList<>();
    if (layers.stream().anyMatch(Layer.RateNorm.class::isInstance)) {
      all.add(new Candidate(rateNormLabel(ann), ann, "rnl"));
    }
    if (layers.stream().anyMatch(Layer.Relu.class::isInstance)) {
      RELU_METHODS.forEach(m -> all.add(new Candidate(m, ann, m)));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("network " + ann.architecture().name() + " has neither ReLU "
          + "nor Rate Norm layers: no conversion method applies");
    }
    return only.isEmpty() ? all
        : all.stream().filter(c -> only.contains(c.label()) || only.contains(c.method())).toList();
  }

  /** rnl, +ril after stage 2, -clip for clip-only scaling, -q&lt;L&gt; for L levels. */
  static String rateNormLabel(Network ann) {
    Map<String, String> settings = ann.provenance().settings();
    StringBuilder label = new StringBuilder("rnl");
    if ("2".equals(settings.get("stage"))) {
      label.append("+ril");
    }
    if ("clip_only".equals(settings.get("thresholdScaling"))) {
      label.append("-clip");
    }
    ann.architecture().layers().stream().filter(Layer.RateNorm.class::isInstance)
        .mapToInt(l -> ((Layer.RateNorm) l).levels()).filter(levels -> levels > 0).findFirst()
        .ifPresent(levels -> label.append("-q").append(levels));
    return label.toString();
  }

  /**
   * Converts and simulates every candidate, each to at most {@code stepsOf(label)} steps (the
   * simulation's T when absent); with an early-exit {@code rule} (or {@link EarlyExit#NONE}),
   * simulates the best method ({@link Headlines#best}) again with it; writes the results and the
   * report and returns the results.
   */
  DemoResults run(List<Candidate> candidates, Map<String, Integer> steps, Map<String, Object> provenance,
      String dataNote, EnergyModel energy, EarlyExit rule) throws IOException {
    List<MethodResult> results = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      String phase = "simulate " + (i + 1) + "/" + candidates.size() + " " + c.label();
      results.add(clock.time(phase, () -> simulate(c, stepsOf(c, steps))));
    }
    DemoResults demo = new DemoResults(provenance, dataNote, 1.0, energy, results);
    Optional<String> best = Headlines.best(demo).best();
    if (rule.enabled() && best.isPresent()) {
      Candidate c = candidates.stream().filter(k -> k.label().equals(best.get())).findFirst().orElseThrow();
      String phase = "simulate " + c.label() + " again with the " + rule.describe() + " early exit";
      SimulationMetrics exit = clock.time(phase, () -> simulate(c, stepsOf(c, steps), rule).metrics());
      demo = demo.withEarlyExit(EarlyExitSummary.of(c.label(), rule.describe(), exit));
    }
    Map<String, Object> all = new LinkedHashMap<>(provenance);
    all.put("phaseSeconds", clock.seconds());
    all.put("minutes", clock.totalMinutes());
    demo = new DemoResults(all, dataNote, 1.0, energy, results, demo.earlyExit());
    ResultsFile.write(demo, folder);
    ReportRenderer.render(demo, folder);
    return demo;
  }

  private int stepsOf(Candidate c, Map<String, Integer> steps) {
    return Math.min(steps.getOrDefault(c.label(), simulation.timesteps()), simulation.timesteps());
  }

  /** Converts {@code c}, saves its SNN and simulates it for {@code steps} steps, every image to the end. */
  private MethodResult simulate(Candidate c, int steps) throws IOException {
    SpikingNetwork snn = outputMap.apply(ConversionMethods.byName(c.method()).convert(c.ann(), conversion));
    SpikingNetwork.save(snn, folder.resolve("snn").resolve(fileName(c.label())));
    return simulate(c, snn, steps, EarlyExit.NONE, fileName(c.label()));
  }

  /** Simulates the SNN saved for {@code c} again with the early exit {@code rule}. */
  private MethodResult simulate(Candidate c, int steps, EarlyExit rule) throws IOException {
    SpikingNetwork snn = SpikingNetwork.load(folder.resolve("snn").resolve(fileName(c.label())));
    return simulate(c, snn, steps, rule, fileName(c.label()) + "-early-exit");
  }

  private MethodResult simulate(Candidate c, SpikingNetwork snn, int steps, EarlyExit rule, String file)
      throws IOException {
    boolean half = c.fromHalf() || simulation.initialMembrane() == InitialMembrane.HALF_THRESHOLD;
    SimulationOptions options = new SimulationOptions(steps, simulation.coding(),
        half ? InitialMembrane.HALF_THRESHOLD : InitialMembrane.trainedFor(snn), simulation.readout(),
        simulation.seed(), rule, simulation.reset());
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("method", c.label());
    provenance.put("conversion", c.method());
    provenance.put("options", options.toString());
    provenance.put("earlyExit", rule.describe());
    String task = rule.enabled() ? c.label() + " early exit" : c.label();
    MetricsFiles.Contents contents = run.simulate(task, snn, options, 1.0).withRun(provenance);
    MetricsFiles.write(contents, folder.resolve("simulations").resolve(file));
    return new MethodResult(c.label(), contents.metrics().annAccuracy(), contents.metrics(),
        contents.thresholds(), contents.operations());
  }

  /** A label as a file name: characters other than letters, digits, '.' and '-' become '-'. */
  static String fileName(String label) {
    return label.replaceAll("[^A-Za-z0-9.-]", "-").toLowerCase(Locale.ROOT);
  }
}
