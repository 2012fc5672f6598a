package org.spikebridge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.JsonFields;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.report.Headlines.BestHeadlines;
import org.spikebridge.report.Headlines.Headline;
import org.spikebridge.report.ReportNumbers.MethodNumbers;
import org.spikebridge.report.ReportNumbers.Reached;
import org.spikebridge.report.ReportNumbers.SnnCost;

/**
 * {@code results.json}: a run's results, written atomically. It holds the energy model
 * ({@code energyModel}), the measured values of every method (per step and per spiking layer, as
 * {@code metrics.json} does, plus the thresholds and, when known, the operation counts), and every
 * derived number {@code report.md} shows ({@code summary} per method, {@code headline},
 * {@code bestHeadlines}, and {@code clipOnlyHeadline}, {@code quantizedHeadline} and
 * {@code quantizedAgainstHalfHeadline} when the run has their methods), both exact and as the
 * report prints them ({@code shown}). {@link #read} takes back the measured values and ignores the
 * derived ones, which the renderer recomputes; a file without {@code energyModel} reads as
 * {@link EnergyModel#CMOS_45NM}, a method without {@code operations} as one without counts. NaN is
 * written as {@code null}.
 */
public final class ResultsFile {
  /** The file name. */
  public static final String FILE = "results.json";
  /** The value of the {@code format} field. */
  public static final String FORMAT = "spikebridge-demo-results";
  /** The version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ResultsFile() {}

  /** Writes {@code runDir/results.json} (the folder is created if needed). */
  public static void write(DemoResults results, Path runDir) throws IOException {
    AtomicFiles.writeString(runDir.resolve(FILE), json(results));
  }

  /** The text of {@code results.json}. */
  public static String json(DemoResults results) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.set("provenance", JSON.valueToTree(results.provenance()));
    root.put("dataNote", results.dataNote());
    root.put("alpha", results.alpha());
    ObjectNode energy = root.putObject("energyModel");
    energy.put("picojoulesPerAc", results.energy().picojoulesPerAc());
    energy.put("picojoulesPerMac", results.energy().picojoulesPerMac());
    putUnits(root.putObject("units"));
    ArrayNode methods = root.putArray("methods");
    for (MethodResult r : results.methods()) {
      methods.add(method(r, results));
    }
    root.set("headline", headline(Headlines.paper(results)));
    Headlines.extra(results).forEach(h -> root.set(h.key(), headline(h.headline())));
    root.set("bestHeadlines", best(Headlines.best(results)));
    if (results.earlyExit() != null) {
      root.set("earlyExit", JSON.valueToTree(results.earlyExit()));
    }
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(pretty).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write results as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void putUnits(ObjectNode units) {
    units.put("accuracy", "percent of images");
    units.put("conversionLoss", "percentage points");
    units.put("spikes", "spikes per image");
    units.put("eq14Energy", "joules per image: spikes × alpha (Eq. 14)");
    units.put("power", "watts per image, 1 ms per step (Eq. 14)");
    units.put("alpha", "joules per spike");
    units.put("energyModel", "picojoules per accumulate (AC) and per multiply-accumulate (MAC)");
    units.put("picojoules", "picojoules per image: SNN = synaptic operations × AC + steps × input-layer "
        + "MACs × MAC, up to the step; ANN = its MACs × MAC");
    units.put("operations", "per image: MACs of the ANN, MACs of the SNN's input layer per step, "
        + "synaptic operations (accumulates: spikes × fan-out) per step; fan-out in synapses per neuron");
    units.put("threshold", "the layer's activation units");
  }

  private static ObjectNode method(MethodResult r, DemoResults results) {
    SimulationMetrics m = r.metrics();
    ObjectNode node = JSON.createObjectNode();
    node.put("method", r.method());
    node.put("annAccuracy", r.annAccuracy());
    node.put("images", m.images());
    node.put("timesteps", m.timesteps());
    OperationCounts counts = r.operations();
    if (counts != null) {
      ObjectNode ops = node.putObject("operations");
      ops.put("annMacs", counts.annMacs());
      ops.put("inputMacsPerStep", counts.inputMacsPerStep());
    }
    putSummary(node.putObject("summary"), ReportNumbers.of(r, results));
    ObjectNode steps = node.putObject("steps");
    JsonFields.putNumbers(steps, "accuracy", m.accuracy());
    JsonFields.putNumbers(steps, "agreement", m.agreement());
    JsonFields.putNumbers(steps, "totalSpikesPerImage", m.totalSpikesPerImage());
    JsonFields.putNumbers(steps, "power", m.power(results.alpha()));
    if (counts != null) {
      JsonFields.putNumbers(steps, "synapticOperations", counts.synapticOperations(m));
      JsonFields.putNumbers(steps, "snnPicojoules", results.energy().snnPicojoules(m, counts));
    }
    putLayers(node.putArray("layers"), r);
    return node;
  }

  private static void putSummary(ObjectNode summary, MethodNumbers n) {
    summary.put("bestAccuracy", n.bestAccuracy());
    summary.put("bestStep", n.bestStep());
    summary.put("conversionLoss", n.conversionLoss());
    ArrayNode table = summary.putArray("accuracyAt");
    for (int i = 0; i < n.tableSteps().size(); i++) {
      ObjectNode row = table.addObject();
      row.put("t", n.tableSteps().get(i));
      row.put("accuracy", n.accuracyAtSteps().get(i));
      row.put("shown", Format.percent(n.accuracyAtSteps().get(i)));
    }
    n.annCost().ifPresent(ann -> {
      ObjectNode node = summary.putObject("ann");
      node.put("macs", ann.macs());
      node.put("picojoules", ann.picojoules());
    });
    ObjectNode within = summary.putObject("withinAnn");
    within.put("points", ReportNumbers.WITHIN_POINTS);
    within.put("target", n.target());
    putReached(within, n.reached());
    ObjectNode shown = summary.putObject("shown");
    shown.put("annAccuracy", Format.percent(n.annAccuracy()));
    shown.put("bestAccuracy", Format.percent(n.bestAccuracy()));
    shown.put("conversionLoss", Format.percent(n.conversionLoss()));
    shown.put("target", Format.percent(n.target()));
    n.annCost().ifPresent(ann -> {
      shown.put("annMacs", Format.count(ann.macs()));
      shown.put("annEnergy", Format.picojoules(ann.picojoules()));
    });
    n.reached().ifPresent(x -> {
      shown.put("accuracyAtFirstStep", Format.percent(x.accuracy()));
      shown.put("spikesPerImage", Format.spikes(x.spikesPerImage()));
      x.snnCost().ifPresent(c -> {
        shown.put("synapticOperations", Format.count(c.synapticOperations()));
        shown.put("snnEnergy", Format.picojoules(c.picojoules()));
        shown.put("snnToAnnEnergy", Format.ratio(c.annRatio()));
      });
    });
  }

  private static void putLayers(ArrayNode layers, MethodResult r) {
    SimulationMetrics m = r.metrics();
    double[] omega = m.omega();
    double[][] k = m.k();
    double[][] spikes = m.spikesPerImage();
    for (int l = 0; l < m.layers().size(); l++) {
      ObjectNode layer = layers.addObject();
      layer.put("name", m.layers().get(l));
      JsonFields.putNumber(layer, "threshold", r.thresholds().get(l));
      if (r.operations() != null) {
        layer.put("fanOut", r.operations().fanOut()[l]);
        layer.put("neurons", r.operations().neurons()[l]);
      }
      JsonFields.putNumber(layer, "omega", omega[l]);
      JsonFields.putNumbers(layer, "k", k[l]);
      JsonFields.putNumbers(layer, "spikesPerImage", spikes[l]);
    }
  }

  private static ObjectNode best(BestHeadlines best) {
    ObjectNode node = JSON.createObjectNode();
    best.best().ifPresentOrElse(b -> node.put("best", b), () -> node.putNull("best"));
    node.put("text", best.text());
    ArrayNode headlines = node.putArray("headlines");
    best.headlines().forEach(h -> headlines.add(headline(h)));
    return node;
  }

  private static ObjectNode headline(Headline h) {
    ObjectNode node = JSON.createObjectNode();
    node.put("method", h.method());
    node.put("baseline", h.baseline());
    putReached(node.putObject("methodReached"), h.methodReached());
    putReached(node.putObject("baselineReached"), h.baselineReached());
    JsonFields.putNumber(node, "stepRatio", h.stepRatio());
    JsonFields.putNumber(node, "energyRatio", h.energyRatio());
    node.put("energyBasis", h.energyBasis().name().toLowerCase(Locale.ROOT));
    node.put("text", h.text());
    return node;
  }

  /** The first step within reach and what it cost; nulls for what is unknown. */
  private static void putReached(ObjectNode node, Optional<Reached> reached) {
    Optional<SnnCost> cost = reached.flatMap(Reached::snnCost);
    if (reached.isPresent()) {
      node.put("firstStep", reached.get().step());
    } else {
      node.putNull("firstStep");
    }
    JsonFields.putNumber(node, "accuracy", reached.map(Reached::accuracy).orElse(Double.NaN));
    JsonFields.putNumber(node, "spikesPerImage", reached.map(Reached::spikesPerImage).orElse(Double.NaN));
    JsonFields.putNumber(node, "eq14Energy", reached.map(Reached::spikeEnergy).orElse(Double.NaN));
    JsonFields.putNumber(node, "synapticOperations", cost.map(SnnCost::synapticOperations).orElse(Double.NaN));
    JsonFields.putNumber(node, "snnPicojoules", cost.map(SnnCost::picojoules).orElse(Double.NaN));
    JsonFields.putNumber(node, "snnToAnnEnergy", cost.map(SnnCost::annRatio).orElse(Double.NaN));
  }

  /** The results saved in {@code runDir/results.json}. */
  public static DemoResults read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    JsonNode root = JsonFields.readVersioned(file, JSON, FORMAT, FORMAT_VERSION,
        "a results file written by 'demo' or 'compare'");
    Map<String, Object> provenance = JsonFields.objectOrEmpty(file, root, "provenance",
        "how the results came about");
    JsonNode note = JsonFields.required(file, root, "dataNote", "");
    if (!note.isTextual()) {
      throw new FileFormatException(file, "dataNote", "a string", note);
    }
    double alpha = JsonFields.number(file, JsonFields.required(file, root, "alpha", ""), "alpha");
    EnergyModel energy = readEnergyModel(file, root);
    JsonNode methodNodes = JsonFields.required(file, root, "methods", "");
    if (!methodNodes.isArray()) {
      throw new FileFormatException(file, "methods", "an array", methodNodes.getNodeType());
    }
    List<MethodResult> methods = new ArrayList<>();
    for (int i = 0; i < methodNodes.size(); i++) {
      methods.add(readMethod(file, methodNodes.get(i), "methods[" + i + "]."));
    }
    EarlyExitSummary earlyExit = readEarlyExit(file, root);
    try {
      return new DemoResults(provenance, note.asText(), alpha, energy, methods, earlyExit);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "results", "consistent values", e.getMessage(), e);
    }
  }

  /** The file's {@code earlyExit}; null for a file without one. */
  private static EarlyExitSummary readEarlyExit(Path file, JsonNode root) throws FileFormatException {
    JsonNode node = root.get("earlyExit");
    if (node == null || node.isNull()) {
      return null;
    }
    String at = "earlyExit.";
    JsonNode method = JsonFields.required(file, node, "method", at);
    JsonNode rule = JsonFields.required(file, node, "rule", at);
    if (!method.isTextual() || !rule.isTextual()) {
      throw new FileFormatException(file, "earlyExit", "a method and a rule as strings", node);
    }
    try {
      return new EarlyExitSummary(method.asText(), rule.asText(), JsonFields.integer(file, node, "timesteps", at),
          JsonFields.number(file, JsonFields.required(file, node, "meanSteps", at), at + "meanSteps"),
          JsonFields.integer(file, node, "stepsFor95Percent", at),
          JsonFields.number(file, JsonFields.required(file, node, "accuracy", at), at + "accuracy"),
          JsonFields.number(file, JsonFields.required(file, node, "spikesPerImage", at), at + "spikesPerImage"));
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "earlyExit", "consistent values", e.getMessage(), e);
    }
  }

  /** The file's {@code energyModel}; {@link EnergyModel#CMOS_45NM} for a file without one. */
  private static EnergyModel readEnergyModel(Path file, JsonNode root) throws FileFormatException {
    JsonNode node = root.get("energyModel");
    if (node == null || node.isNull()) {
      return EnergyModel.CMOS_45NM;
    }
    double ac = JsonFields.number(file, JsonFields.required(file, node, "picojoulesPerAc", "energyModel."),
        "energyModel.picojoulesPerAc");
    double mac = JsonFields.number(file, JsonFields.required(file, node, "picojoulesPerMac", "energyModel."),
        "energyModel.picojoulesPerMac");
    try {
      return new EnergyModel(ac, mac);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "energyModel", "costs ≥ 0", e.getMessage(), e);
    }
  }

  private static MethodResult readMethod(Path file, JsonNode node, String at) throws FileFormatException {
    JsonNode name = JsonFields.required(file, node, "method", at);
    if (!name.isTextual()) {
      throw new FileFormatException(file, at + "method", "a string", name);
    }
    double annAccuracy = JsonFields.number(file, JsonFields.required(file, node, "annAccuracy", at), at + "annAccuracy");
    int images = JsonFields.integer(file, node, "images", at);
    int timesteps = JsonFields.integer(file, node, "timesteps", at);
    JsonNode steps = JsonFields.required(file, node, "steps", at);
    double[] accuracy = JsonFields.numbers(file, JsonFields.required(file, steps, "accuracy", at + "steps."), at + "steps.accuracy",
        timesteps);
    double[] agreement = JsonFields.numbers(file, JsonFields.required(file, steps, "agreement", at + "steps."), at + "steps.agreement",
        timesteps);
    JsonNode layerNodes = JsonFields.required(file, node, "layers", at);
    if (!layerNodes.isArray()) {
      throw new FileFormatException(file, at + "layers", "an array", layerNodes.getNodeType());
    }
    int n = layerNodes.size();
    List<String> names = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    double[] omega = new double[n];
    double[][] k = new double[n][];
    double[][] spikes = new double[n][];
    for (int l = 0; l < n; l++) {
      String la = at + "layers[" + l + "].";
      JsonNode layer = layerNodes.get(l);
      JsonNode layerName = JsonFields.required(file, layer, "name", la);
      if (!layerName.isTextual()) {
        throw new FileFormatException(file, la + "name", "a string", layerName);
      }
      names.add(layerName.asText());
      thresholds.add(JsonFields.number(file, JsonFields.required(file, layer, "threshold", la), la + "threshold"));
      omega[l] = JsonFields.number(file, JsonFields.required(file, layer, "omega", la), la + "omega");
      k[l] = JsonFields.numbers(file, JsonFields.required(file, layer, "k", la), la + "k", timesteps);
      spikes[l] = JsonFields.numbers(file, JsonFields.required(file, layer, "spikesPerImage", la), la + "spikesPerImage", timesteps);
    }
    OperationCounts operations = readOperations(file, node, at);
    try {
      SimulationMetrics m = new SimulationMetrics(images, timesteps, names, annAccuracy, accuracy, agreement, k,
          omega, spikes);
      return new MethodResult(name.asText(), annAccuracy, m, thresholds, operations);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, at.substring(0, at.length() - 1), "consistent values", e.getMessage(), e);
    }
  }

  /**
   * The method's {@code operations} with its layers' {@code fanOut}s and {@code neurons}; null for a
   * method without them (files of older versions).
   */
  private static OperationCounts readOperations(Path file, JsonNode method, String at) throws FileFormatException {
    JsonNode node = method.get("operations");
    if (node == null || node.isNull()) {
      return null;
    }
    String oa = at + "operations.";
    double annMacs = JsonFields.number(file, JsonFields.required(file, node, "annMacs", oa), oa + "annMacs");
    double inputMacs = JsonFields.number(file, JsonFields.required(file, node, "inputMacsPerStep", oa),
        oa + "inputMacsPerStep");
    JsonNode layers = method.get("layers");
    double[] fanOut = new double[layers.size()];
    int[] neurons = new int[layers.size()];
    for (int l = 0; l < fanOut.length; l++) {
      String la = at + "layers[" + l + "].";
      fanOut[l] = JsonFields.number(file, JsonFields.required(file, layers.get(l), "fanOut", la), la + "fanOut");
      neurons[l] = JsonFields.integer(file, layers.get(l), "neurons", la);
    }
    try {
      return new OperationCounts(annMacs, inputMacs, fanOut, neurons);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, oa.substring(0, oa.length() - 1), "counts ≥ 0", e.getMessage(), e);
    }
  }
}
