package org.spikebridge.nir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;

/**
 * A spiking network as a NIR graph. Each layer becomes one node of the same name: Conv2d as
 * {@code Conv2d}, Linear as {@code Affine} (with bias) or {@code Linear}, AvgPool2d as
 * {@code SumPool2d} with its 1/k² folded into the weights of the Conv2d or Linear that reads it,
 * Flatten as {@code Flatten}, a per-channel Affine map as a diagonal 1×1 {@code Conv2d} (or a
 * diagonal {@code Affine} on a flat input), integrate-and-fire neurons as {@code IF}
 * ({@link IfNodes}); the input and the output become {@code Input} and {@code Output} nodes. An Add
 * becomes no node: its readers get one edge from each of its summands, which NIR adds up.
 *
 * <p>Refused, with a message naming the layer: spiking max pooling (NIR has no such node), a
 * convolution padded differently on opposite sides, an average pooling read by anything but a
 * Conv2d or Linear (through Flatten), a sum that holds one summand twice, and a layer name NIR's
 * HDF5 form cannot hold.
 */
public final class NirExport {
  /** The name of the {@code Input} node. */
  static final String INPUT = Architecture.INPUT;
  /** Graph metadata key of the architecture's name, which SpikeBridge's import restores. */
  static final String NAME = "spikebridge_architecture";
  /** Graph metadata key of the network's provenance (JSON), which SpikeBridge's import restores. */
  static final String PROVENANCE = "spikebridge_provenance";

  private NirExport() {}

  /** Writes {@code snn} as a NIR file, atomically. */
  public static void write(SpikingNetwork snn, Path file) throws IOException {
    write(graph(snn), file);
  }

  /** Writes {@code graph} (from {@link #graph}) as a NIR file, atomically. */
  public static void write(NirGraph graph, Path file) throws IOException {
    NirFiles.write(graph, file);
  }

  /** The NIR graph of {@code snn}; an {@link IllegalArgumentException} naming a layer NIR cannot express. */
  public static NirGraph graph(SpikingNetwork snn) {
    Architecture arch = snn.network().architecture();
    Map<String, TensorShape> shapes = arch.outputShapes();
    Map<String, Layer> byName = arch.layersByName();
    checkPoolsFoldable(arch);
    List<NirNode> nodes = new ArrayList<>();
    List<NirGraph.Edge> edges = new ArrayList<>();
    nodes.add(new NirNode(INPUT, "Input", Map.of("shape", longs(arch.inputShape().dims()))));
    String outputName = INPUT;
    for (Layer layer : arch.layers()) {
      if (layer instanceof Layer.Add) {
        continue;
      }
      checkName(layer.name());
      TensorShape in = shapes.get(layer.inputs().get(0));
      nodes.add(node(snn, layer, in, shapes.get(layer.name()), poolScale(layer, byName)));
      for (String source : summands(layer, byName)) {
        edges.add(new NirGraph.Edge(source, layer.name()));
      }
      outputName = layer.name();
    }
    String output = byName.containsKey("output") ? "output_node" : "output";
    nodes.add(new NirNode(output, "Output", Map.of("shape", longs(arch.numClasses()))));
    edges.add(new NirGraph.Edge(outputName, output));
    return new NirGraph(NirGraph.VERSION, nodes, edges, Map.of(NAME, arch.name(),
        PROVENANCE, ProvenanceJson.write(snn.network().provenance())));
  }

  private static NirNode node(SpikingNetwork snn, Layer layer, TensorShape in, TensorShape out,
      float scale) {
    String name = layer.name();
    if (layer instanceof Layer.Conv2d c) {
      return LinearNodes.conv(snn.network(), c, in, scale);
    } else if (layer instanceof Layer.Linear l) {
      return LinearNodes.linear(snn.network(), l, scale);
    } else if (layer instanceof Layer.Affine a) {
      return LinearNodes.diagonal(snn.network(), a, in);
    } else if (layer instanceof Layer.AvgPool2d p) {
      return new NirNode(name, "SumPool2d", Map.of("kernel_size", longs(p.kernel(), p.kernel()),
          "stride", longs(p.stride(), p.stride()), "padding", longs(p.padding(), p.padding())));
    } else if (layer instanceof Layer.Flatten) {
      return new NirNode(name, "Flatten", Map.of("start_dim", 0L, "end_dim", -1L,
          "input_type", longs(in.dims())));
    } else if (layer instanceof Layer.IntegrateAndFire f) {
      return IfNodes.node(snn, f, out);
    } else if (layer instanceof Layer.MaxPool2d) {
      throw refused(layer, "NIR has no spiking max pooling (the gating of the input neuron with "
          + "the most spikes so far); convert with average pooling instead");
    }
    throw refused(layer, "a spiking network cannot hold it");
  }

  /**
   * The nodes whose outputs {@code layer} sums: its inputs, each Add among them replaced by its
   * own summands, the network's input by the {@code Input} node.
   */
  private static List<String> summands(Layer layer, Map<String, Layer> byName) {
    Set<String> sources = new LinkedHashSet<>();
    List<String> pending = new ArrayList<>(layer.inputs());
    while (!pending.isEmpty()) {
      String source = pending.remove(0);
      if (byName.get(source) instanceof Layer.Add add) {
        pending.addAll(0, add.inputs());
      } else if (!sources.add(source)) {
        throw refused(layer, "it sums the output of '" + source + "' more than once, which NIR "
            + "edges cannot express");
      }
    }
    return List.copyOf(sources);
  }

  /**
   * 1/k² when {@code layer} is a Conv2d or Linear that reads an AvgPool2d of kernel k (directly or
   * through Flatten), else 1: the factor that turns the SumPool2d before it back into an average.
   */
  private static float poolScale(Layer layer, Map<String, Layer> byName) {
    if (!(layer instanceof Layer.Conv2d || layer instanceof Layer.Linear)) {
      return 1f;
    }
    Layer source = byName.get(layer.inputs().get(0));
    while (source instanceof Layer.Flatten f) {
      source = byName.get(f.inputs().get(0));
    }
    return source instanceof Layer.AvgPool2d p ? 1f / (p.kernel() * p.kernel()) : 1f;
  }

  /** Refuses an AvgPool2d whose 1/k² cannot be folded into the layers that read it. */
  private static void checkPoolsFoldable(Architecture arch) {
    Map<String, List<Layer>> readers = arch.readers();
    for (Layer layer : arch.layers()) {
      if (!(layer instanceof Layer.AvgPool2d)) {
        continue;
      }
      List<Layer> pending = new ArrayList<>(readers.getOrDefault(layer.name(), List.of()));
      while (!pending.isEmpty()) {
        Layer reader = pending.remove(0);
        if (reader instanceof Layer.Flatten) {
          pending.addAll(readers.getOrDefault(reader.name(), List.of()));
        } else if (!(reader instanceof Layer.Conv2d || reader instanceof Layer.Linear)) {
          throw refused(layer, "NIR's SumPool2d needs the 1/k² of the average folded into the "
              + "Conv2d or Linear that reads it, but '" + reader.name() + "' ("
              + reader.getClass().getSimpleName() + ") reads it");
        }
      }
    }
  }

  /** Refuses a name that cannot be an HDF5 group name. */
  private static void checkName(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".")) {
      throw new IllegalArgumentException("layer '" + name + "': NIR node names are HDF5 group "
          + "names, which cannot be empty, '.' or hold '/'");
    }
  }

  static IllegalArgumentException refused(Layer layer, String why) {
    return new IllegalArgumentException("layer '" + layer.name() + "' ("
        + layer.getClass().getSimpleName() + ") cannot be exported to NIR: " + why);
  }

  static long[] longs(int... values) {
    long[] l = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      l[i] = values[i];
    }
    return l;
  }
}
