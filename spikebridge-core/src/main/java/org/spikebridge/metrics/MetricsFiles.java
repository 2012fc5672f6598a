package org.spikebridge.metrics;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.JsonFields;

/**
 * The files a simulation leaves in its output folder, each written atomically:
 *
 * <ul>
 *   <li>{@code metrics.json} — everything: format name and version, the run's provenance block as
 *       given, α, units, images, T, the ANN's accuracy, a summary (accuracy and spikes at T, the
 *       first step within 0, 1 and 2 points of the ANN and the energy spent to get there), per step
 *       (t, accuracy, agreement, total spikes per image, power, energy so far, images stopping there
 *       under early exit; the summary has their mean steps) and per spiking layer
 *       (name, mean Ω, mean K, Theorem 2 bound, spikes per image). NaN (no image defined the value)
 *       is written as {@code null}. {@link #read} takes back the measured values and ignores the
 *       derived ones.
 *   <li>{@code curves.csv} — a header line, then one row per step: {@code t, accuracy, agreement},
 *       for each layer {@code k_<layer>, bound_<layer>, spikes_<layer>}, then
 *       {@code total_spikes, power}. Numbers are Java's {@link Double#toString} form (exact when read
 *       back); NaN is an empty field; fields holding a comma or quote are quoted (RFC 4180).
 * </ul>
 */
public final class MetricsFiles {
  /** File name of the full metrics. */
  public static final String METRICS = "metrics.json";
  /** File name of the per-step curves. */
  public static final String CURVES = "curves.csv";
  /** The value of the {@code format} field of {@code metrics.json}. */
  public static final String FORMAT = "spikebridge-metrics";
  /** The version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;
  /** The distances from the ANN's accuracy, in points, whose first step the summary lists. */
  private static final double[] WITHIN_POINTS = {0, 1, 2};

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * Everything {@code metrics.json} holds that is not derived.
   *
   * @param metrics what the simulation measured
   * @param alpha the energy of one spike in joules, for power (Eq. 14) and energy
   * @param run provenance (network, method, coding, seed, α, command, versions, …), written as
   *     given under {@code run}; its values must be serializable by Jackson
   * @param thresholds the threshold θ_l of each spiking layer (its first, for per-channel ones), in
   *     the order of {@code metrics.layers()}; empty when unknown (files of older versions)
   * @param operations the network's operation counts for the energy model; null when unknown
   */
  public record Contents(SimulationMetrics metrics, double alpha, Map<String, Object> run,
      List<Double> thresholds, OperationCounts operations) {

    /** Checks that thresholds and fan-outs, when given, are one per spiking layer. */
    public Contents {
      run = run == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(run));
      thresholds = List.copyOf(thresholds);
      int layers = metrics.layers().size();
      if (!thresholds.isEmpty() && thresholds.size() != layers) {
        throw new IllegalArgumentException("thresholds: expected one per spiking layer (" + layers
            + "), found " + thresholds.size());
      }
      if (operations != null && operations.fanOut().length != layers) {
        throw new IllegalArgumentException("operations.fanOut: expected one per spiking layer ("
            + layers + "), found " + operations.fanOut().length);
      }
    }

    /** The same contents with the provenance block {@code newRun}. */
    public Contents withRun(Map<String, Object> newRun) {
      return new Contents(metrics, alpha, newRun, thresholds, operations);
    }
  }

  private MetricsFiles() {}

  /** Writes {@code metrics.json} and {@code curves.csv} into {@code dir} (created if needed). */
  public static void write(Contents contents, Path dir) throws IOException {
    for (Map.Entry<String, String> file : texts(contents).entrySet()) {
      AtomicFiles.writeString(dir.resolve(file.getKey()), file.getValue());
    }
  }

  /**
   * The text of each file {@link #write} writes, by name, in the order it writes them
   * ({@code curves.csv}, then {@code metrics.json}): for a writer of another file system.
   */
  public static Map<String, String> texts(Contents contents) {
    // power() checks alpha before anything is written.
    double[] power = contents.metrics().power(contents.alpha());
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put(CURVES, csv(contents.metrics(), power));
    texts.put(METRICS, json(contents, power));
    return texts;
  }

  /** The metrics saved in {@code dir/metrics.json}. */
  public static SimulationMetrics read(Path dir) throws IOException {
    return readContents(dir).metrics();
  }

  /** The metrics, α and run block saved in {@code dir/metrics.json}. */
  public static Contents readContents(Path dir) throws IOException {
    Path file = dir.resolve(METRICS);
    JsonNode root = JsonFields.readVersioned(file, JSON, FORMAT, FORMAT_VERSION, "a metrics file written by 'simulate'");
    int images = JsonFields.integer(file, root, "images", "");
    int timesteps = JsonFields.integer(file, root, "timesteps", "");
    double annAccuracy = JsonFields.number(file, JsonFields.required(file, root, "annAccuracy", ""), "annAccuracy");
    JsonNode alphaNode = JsonFields.required(file, root, "alpha", "");
    double alpha = JsonFields.number(file, alphaNode, "alpha");
    if (!(alpha >= 0)) {
      throw new FileFormatException(file, "alpha", "a number ≥ 0 (joules per spike)", alphaNode);
    }
    JsonNode steps = JsonFields.required(file, root, "steps", "");
    double[] accuracy = JsonFields.numbers(file, JsonFields.required(file, steps, "accuracy", "steps."), "steps.accuracy", timesteps);
    double[] agreement = JsonFields.numbers(file, JsonFields.required(file, steps, "agreement", "steps."), "steps.agreement", timesteps);
    int[] stops = steps.has("stoppedImages") ? stops(file, steps.get("stoppedImages"), timesteps) : null;
    JsonNode layerNodes = JsonFields.required(file, root, "layers", "");
    if (!layerNodes.isArray()) {
      throw new FileFormatException(file, "layers", "an array", layerNodes.getNodeType());
    }
    int n = layerNodes.size();
    List<String> names = new ArrayList<>();
    double[] omega = new double[n];
    double[][] k = new double[n][];
    double[][] spikes = new double[n][];
    List<Double> thresholds = new ArrayList<>();
    double[] fanOut = new double[n];
    int[] neurons = new int[n];
    for (int l = 0; l < n; l++) {
      String at = "layers[" + l + "]";
      JsonNode layer = layerNodes.get(l);
      JsonNode name = JsonFields.required(file, layer, "name", at + ".");
      if (!name.isTextual()) {
        throw new FileFormatException(file, at + ".name", "a string", name);
      }
      names.add(name.asText());
      omega[l] = JsonFields.number(file, JsonFields.required(file, layer, "omega", at + "."), at + ".omega");
      k[l] = JsonFields.numbers(file, JsonFields.required(file, layer, "k", at + "."), at + ".k", timesteps);
      spikes[l] = JsonFields.numbers(file, JsonFields.required(file, layer, "spikesPerImage", at + "."), at + ".spikesPerImage",
          timesteps);
      if (layer.has("threshold")) {
        thresholds.add(JsonFields.number(file, layer.get("threshold"), at + ".threshold"));
      }
      if (layer.has("fanOut")) {
        fanOut[l] = JsonFields.number(file, layer.get("fanOut"), at + ".fanOut");
        neurons[l] = JsonFields.integer(file, layer, "neurons", at + ".");
      }
    }
    OperationCounts operations = readOperations(file, root, fanOut, neurons);
    Map<String, Object> run = JsonFields.objectOrEmpty(file, root, "run", "the run's provenance");
    try {
      SimulationMetrics metrics = stops == null
          ? new SimulationMetrics(images, timesteps, names, annAccuracy, accuracy, agreement, k, omega, spikes)
          : new SimulationMetrics(images, timesteps, names, annAccuracy, accuracy, agreement, k, omega, spikes,
              stops);
      return new Contents(metrics, alpha, run, thresholds, operations);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "metrics", "consistent values", e.getMessage(), e);
    }
  }

  /** The images that stopped at each step: whole numbers, one per step. */
  private static int[] stops(Path file, JsonNode node, int timesteps) throws FileFormatException {
    double[] values = JsonFields.numbers(file, node, "steps.stoppedImages", timesteps);
    int[] stops = new int[timesteps];
    for (int j = 0; j < timesteps; j++) {
      if (values[j] != Math.rint(values[j]) || Math.abs(values[j]) > Integer.MAX_VALUE) {
        throw new FileFormatException(file, "steps.stoppedImages[" + j + "]", "a whole number of images",
            values[j]);
      }
      stops[j] = (int) values[j];
    }
    return stops;
  }

  /**
   * The operation counts of {@code metrics.json}: its {@code operations} block with the layers'
   * {@code fanOut}s and {@code neurons}; null for a file without one.
   */
  private static OperationCounts readOperations(Path file, JsonNode root, double[] fanOut, int[] neurons)
      throws FileFormatException {
    JsonNode node = root.get("operations");
    if (node == null || node.isNull()) {
      return null;
    }
    double annMacs = JsonFields.number(file, JsonFields.required(file, node, "annMacs", "operations."),
        "operations.annMacs");
    double inputMacs = JsonFields.number(file, JsonFields.required(file, node, "inputMacsPerStep",
        "operations."), "operations.inputMacsPerStep");
    try {
      return new OperationCounts(annMacs, inputMacs, fanOut, neurons);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "operations", "counts ≥ 0", e.getMessage(), e);
    }
  }

  /** The text of {@code metrics.json}. */
  static String json(Contents contents, double[] power) {
    SimulationMetrics m = contents.metrics();
    OperationCounts operations = contents.operations();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.set("run", JSON.valueToTree(contents.run()));
    root.put("alpha", contents.alpha());
    putUnits(root.putObject("units"));
    root.put("images", m.images());
    root.put("timesteps", m.timesteps());
    root.put("annAccuracy", m.annAccuracy());
    if (operations != null) {
      ObjectNode ops = root.putObject("operations");
      ops.put("annMacs", operations.annMacs());
      ops.put("inputMacsPerStep", operations.inputMacsPerStep());
    }
    putSummary(root.putObject("summary"), m, contents.alpha());
    putSteps(root.putObject("steps"), contents, power);
    putLayers(root.putArray("layers"), contents);
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(pretty).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write metrics as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** What the numbers of the file count, and in which unit. */
  private static void putUnits(ObjectNode units) {
    units.put("accuracy", "percent of images");
    units.put("agreement", "percent of images whose SNN prediction equals the ANN's");
    units.put("spikes", "spikes per image");
    units.put("power", "watts per image, 1 ms per step (Eq. 14)");
    units.put("energy", "joules per image");
    units.put("alpha", "joules per spike");
    units.put("operations", "per image: MACs of the ANN, MACs of the SNN's input layer per step, "
        + "synaptic operations (accumulates) per step, fan-out in synapses per neuron");
  }

  /** Accuracy, spikes and energy at T, and the first step within each distance of the ANN. */
  private static void putSummary(ObjectNode summary, SimulationMetrics m, double alpha) {
    int t = m.timesteps();
    summary.put("accuracyAtT", m.accuracyAt(t));
    summary.put("spikesPerImageUpToT", m.spikesUpTo(t));
    summary.put("energyUpToT", m.energyUpTo(t, alpha));
    summary.put("meanSteps", m.meanSteps());
    summary.put("stepsFor95PercentOfImages", m.stepsForFraction(0.95));
    ArrayNode within = summary.putArray("withinAnn");
    for (double points : WITHIN_POINTS) {
      ObjectNode w = within.addObject();
      w.put("points", points);
      OptionalInt step = m.firstStepWithin(points);
      if (step.isPresent()) {
        w.put("firstStep", step.getAsInt());
        w.put("energy", m.energyUpTo(step.getAsInt(), alpha));
      } else {
        w.putNull("firstStep");
        w.putNull("energy");
      }
    }
  }

  /** The curves over t = 1..T. */
  private static void putSteps(ObjectNode steps, Contents contents, double[] power) {
    SimulationMetrics m = contents.metrics();
    OperationCounts operations = contents.operations();
    int t = m.timesteps();
    ArrayNode ts = steps.putArray("t");
    for (int s = 1; s <= t; s++) {
      ts.add(s);
    }
    JsonFields.putNumbers(steps, "accuracy", m.accuracy());
    JsonFields.putNumbers(steps, "agreement", m.agreement());
    JsonFields.putNumbers(steps, "totalSpikesPerImage", m.totalSpikesPerImage());
    JsonFields.putNumbers(steps, "power", power);
    double[] energy = new double[t];
    for (int s = 1; s <= t; s++) {
      energy[s - 1] = m.energyUpTo(s, contents.alpha());
    }
    JsonFields.putNumbers(steps, "energyUpTo", energy);
    ArrayNode stopped = steps.putArray("stoppedImages");
    for (int n : m.stops()) {
      stopped.add(n);
    }
    if (operations != null) {
      JsonFields.putNumbers(steps, "synapticOperations", operations.synapticOperations(m));
    }
  }

  /** Per spiking layer: its threshold, fan-out, Ω, K curve and bound, and spikes per step. */
  private static void putLayers(ArrayNode layers, Contents contents) {
    SimulationMetrics m = contents.metrics();
    OperationCounts operations = contents.operations();
    double[][] k = m.k();
    double[][] spikes = m.spikesPerImage();
    double[] omega = m.omega();
    for (int l = 0; l < m.layers().size(); l++) {
      ObjectNode layer = layers.addObject();
      layer.put("name", m.layers().get(l));
      if (!contents.thresholds().isEmpty()) {
        JsonFields.putNumber(layer, "threshold", contents.thresholds().get(l));
      }
      if (operations != null) {
        layer.put("fanOut", operations.fanOut()[l]);
        layer.put("neurons", operations.neurons()[l]);
      }
      JsonFields.putNumber(layer, "omega", omega[l]);
      JsonFields.putNumbers(layer, "k", k[l]);
      JsonFields.putNumbers(layer, "bound", m.bound(l));
      JsonFields.putNumbers(layer, "spikesPerImage", spikes[l]);
    }
  }

  /** The text of {@code curves.csv}. */
  static String csv(SimulationMetrics m, double[] power) {
    StringBuilder out = new StringBuilder("t,accuracy,agreement");
    for (String name : m.layers()) {
      out.append(',').append(field("k_" + name))
          .append(',').append(field("bound_" + name))
          .append(',').append(field("spikes_" + name));
    }
    out.append(",total_spikes,power\n");
    double[] accuracy = m.accuracy();
    double[] agreement = m.agreement();
    double[][] k = m.k();
    double[][] spikes = m.spikesPerImage();
    double[][] bounds = new double[m.layers().size()][];
    for (int l = 0; l < bounds.length; l++) {
      bounds[l] = m.bound(l);
    }
    double[] total = m.totalSpikesPerImage();
    for (int j = 0; j < m.timesteps(); j++) {
      out.append(j + 1).append(',').append(csvNumber(accuracy[j])).append(',').append(csvNumber(agreement[j]));
      for (int l = 0; l < bounds.length; l++) {
        out.append(',').append(csvNumber(k[l][j]))
            .append(',').append(csvNumber(bounds[l][j]))
            .append(',').append(csvNumber(spikes[l][j]));
      }
      out.append(',').append(csvNumber(total[j])).append(',').append(csvNumber(power[j])).append('\n');
    }
    return out.toString();
  }

  private static String csvNumber(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static String field(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
