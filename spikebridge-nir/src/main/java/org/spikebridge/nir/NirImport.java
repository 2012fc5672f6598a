package org.spikebridge.nir;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.ShapeException;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Reads a NIR file into a spiking network: one {@code Input} node, then nodes of the types
 * {@link LayerImport} and {@link IfNodes} translate, in the order of the edges, and one
 * {@code Output} node. A node with several incoming edges reads their sum (an Add layer named
 * {@code <node>_sum}). The last node before the Output is a Linear (read out by its accumulated
 * current) or a flat IF layer (read out by its spike counts, through an identity Linear named as
 * the Output node). The network's name and provenance are those an exported file carries, or
 * the file's name and a new provenance naming it.
 *
 * <p>Every error is a {@link FileFormatException} naming the file, the node and the field: an
 * unknown node type, a field of the wrong type (integer weights, say) or shape, an input whose
 * shape does not fit the node, a graph that is not one chain of nodes from Input to Output.
 */
public final class NirImport {
  private static final Map<String, String> UNSUPPORTED = Map.of(
      "LIF", "leaky neurons", "LI", "leaky integrators", "CubaLIF", "current-based neurons",
      "CubaLI", "current-based integrators", "I", "integrators without threshold",
      "Delay", "delays", "Threshold", "threshold units", "Scale", "scale nodes",
      "Conv1d", "1-D convolutions", "NIRGraph", "nested graphs");

  private final Path file;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, TensorShape> shapes = new HashMap<>();
  private final Map<String, Float> poolFactors = new HashMap<>();
  private final List<String> notices = new ArrayList<>();

  /**
   * A network read from a NIR file, with what the reader changed on the way.
   *
   * @param snn the spiking network
   * @param notices one line for each approximation made (e.g. a reset to zero read as subtraction)
   */
  public record Imported(SpikingNetwork snn, List<String> notices) {}

  private NirImport(Path file) {
    this.file = file;
  }

  /**
   * The spiking network in the NIR file {@code file}; {@code command} and {@code versions} go into
   * the provenance of a file that carries none.
   */
  public static Imported read(Path file, String command, Map<String, String> versions)
      throws IOException {
    NirGraph graph = NirFiles.read(file);
    return new NirImport(file).translate(graph, command, versions);
  }

  private Imported translate(NirGraph graph, String command, Map<String, String> versions)
      throws FileFormatException {
    GraphOrder order = GraphOrder.of(file, graph);
    NirNode input = order.input();
    NodeFields inputFields = new NodeFields(file, input);
    TensorShape inputShape = shape(inputFields, inputFields.integerArray("shape"));
    shapes.put(Architecture.INPUT, inputShape);
    for (NirNode node : order.nodes()) {
      add(node, order.sources(node.name()));
    }
    NirNode output = order.output();
    String last = layers.isEmpty() ? Architecture.INPUT : layers.get(layers.size() - 1).name();
    List<String> outSources = order.sources(output.name());
    if (outSources.size() != 1 || !outSources.get(0).equals(last)) {
      throw new FileFormatException(file, "node '" + output.name() + "' (Output)", "one edge from "
          + "the last node of the chain, '" + last + "'", "edges from " + outSources);
    }
    if (layers.isEmpty() || layers.get(layers.size() - 1) instanceof Layer.IntegrateAndFire) {
      readOutSpikes(output.name(), last);
    }
    TensorShape out = shapes.get(layers.get(layers.size() - 1).name());
    NodeFields outputFields = new NodeFields(file, output);
    if (outputFields.has("shape")
        && !shape(outputFields, outputFields.integerArray("shape")).equals(out)) {
      throw outputFields.error("shape", out.toString(), NodeFields.describe(output.fields()
          .get("shape")));
    }
    String name = graph.metadata().get(NirExport.NAME) instanceof String n ? n
        : file.getFileName().toString().replaceFirst("\\.nir$", "");
    try {
      Architecture arch = new Architecture(name, inputShape, Math.toIntExact(out.size()), layers);
      Network net = new Network(arch, parameters, provenance(graph, command, versions));
      return new Imported(new SpikingNetwork(net), List.copyOf(notices));
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(file, "graph", "a spiking network SpikeBridge can simulate",
          e.getMessage(), e);
    }
  }

  /** Translates {@code node}, reading the sum of {@code sources}, and records its output shape. */
  private void add(NirNode node, List<String> sources) throws FileFormatException {
    NodeFields f = new NodeFields(file, node);
    boolean synaptic = LayerImport.TYPES.contains(node.type());
    if (!synaptic && !node.type().equals("IF")) {
      String why = UNSUPPORTED.get(node.type());
      throw f.error(why == null ? "a NIR node type (Input, Output, IF, " + String.join(", ",
          LayerImport.TYPES) + ")" : "a node type SpikeBridge simulates (it has no " + why + ")",
          "type '" + node.type() + "'");
    }
    float scale = 1f;
    for (String source : sources) {
      Float factor = poolFactors.get(source);
      if (factor != null && (sources.size() > 1 || !synaptic || node.type().endsWith("Pool2d"))) {
        throw f.error("a Conv2d, Affine, Linear or Flatten node reading SumPool2d '" + source
            + "' alone (SpikeBridge averages, so the pool's k² goes into the next weights)",
            sources.size() + " input(s)");
      }
      scale = factor == null ? scale : factor;
    }
    String input = sum(f, node.name(), sources);
    TensorShape in = shapes.get(input);
    ImportedLayer imported = synaptic ? LayerImport.translate(node, f, input, in, scale)
        : IfNodes.layer(node.name(), f, input, in, notices);
    Layer layer = imported.layer();
    try {
      shapes.put(layer.name(), layer.outputShape(List.of(in)));
    } catch (IllegalArgumentException e) {
      throw f.error("a node that fits its input " + in, e.getMessage());
    }
    layers.add(layer);
    parameters.putAll(imported.parameters());
    boolean flatten = node.type().equals("Flatten");
    float owed = flatten && scale != 1f ? scale : imported.poolFactor();
    if (owed != 1f) {
      poolFactors.put(node.name(), owed);
    }
  }

  /** The layer that holds the sum of {@code sources}: the source itself when there is one. */
  private String sum(NodeFields f, String name, List<String> sources) throws FileFormatException {
    if (sources.size() == 1) {
      return sources.get(0);
    }
    Layer.Add add = new Layer.Add(name + "_sum", sources);
    try {
      shapes.put(add.name(), add.outputShape(sources.stream().map(shapes::get).toList()));
    } catch (ShapeException e) {
      throw f.error("incoming edges of one shape (NIR sums them)", sources + " of shapes "
          + sources.stream().map(shapes::get).toList());
    }
    layers.add(add);
    return add.name();
  }

  /** Appends the identity Linear that reads out the spike counts of the flat layer {@code last}. */
  private void readOutSpikes(String name, String last) throws FileFormatException {
    TensorShape shape = shapes.get(last);
    if (shape.rank() != 1) {
      throw new FileFormatException(file, "node '" + last + "'", "a Linear, Affine or flat IF "
          + "node before the Output", "an output of shape " + shape);
    }
    int n = shape.dim(0);
    float[] identity = new float[n * n];
    for (int i = 0; i < n; i++) {
      identity[i * n + i] = 1f;
    }
    layers.add(new Layer.Linear(name, List.of(last), n, n, false));
    parameters.put(name + ".weight", new Tensor(TensorShape.of(n, n), identity));
    shapes.put(name, shape);
    notices.add("the spike counts of IF node '" + last + "' are the prediction (an identity "
        + "Linear '" + name + "' reads them out)");
  }

  private Provenance provenance(NirGraph graph, String command, Map<String, String> versions)
      throws FileFormatException {
    if (graph.metadata().get(NirExport.PROVENANCE) instanceof String json) {
      try {
        return ProvenanceJson.read(json);
      } catch (JsonProcessingException e) {
        throw new FileFormatException(file, "node/metadata/" + NirExport.PROVENANCE,
            "a SpikeBridge provenance (JSON)", e.getOriginalMessage(), e);
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("import.source", file.getFileName().toString());
    settings.put("import.format", "NIR " + graph.version());
    if (!notices.isEmpty()) {
      settings.put("import.notices", String.join("; ", notices));
    }
    return new Provenance("none", 0, command, versions, settings);
  }

  private static TensorShape shape(NodeFields f, long[] dims) throws FileFormatException {
    int[] d = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] <= 0 || dims[i] > Integer.MAX_VALUE) {
        throw f.error("shape", "positive dimensions", Arrays.toString(dims));
      }
      d[i] = (int) dims[i];
    }
    if (d.length == 0) {
      throw f.error("shape", "at least one dimension", "none");
    }
    return TensorShape.of(d);
  }
}
