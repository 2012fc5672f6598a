package org.spikebridge.nir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Architecture;

/**
 * The nodes of a NIR graph in an order where each comes after every node it reads (Kahn's
 * algorithm from the one {@code Input} node, ties in the order of the edges), with each node's
 * sources in the order of its edges; the {@code Input} node's name is mapped to
 * {@link Architecture#INPUT}. Refuses edges to unknown nodes, a graph without exactly one Input and
 * one Output node, an edge out of the Output, and nodes the Input does not reach (or cycles).
 */
final class GraphOrder {
  private final NirNode input;
  private final NirNode output;
  private final List<NirNode> nodes;
  private final Map<String, List<String>> sources;

  private GraphOrder(NirNode input, NirNode output, List<NirNode> nodes,
      Map<String, List<String>> sources) {
    this.input = input;
    this.output = output;
    this.nodes = nodes;
    this.sources = sources;
  }

  /** The order of {@code graph}, read from {@code file} (named in errors). */
  static GraphOrder of(Path file, NirGraph graph) throws FileFormatException {
    Map<String, NirNode> byName = new LinkedHashMap<>();
    graph.nodes().forEach(n -> byName.put(n.name(), n));
    NirNode input = single(file, graph, "Input");
    NirNode output = single(file, graph, "Output");
    Map<String, List<String>> sources = new HashMap<>();
    Map<String, List<String>> targets = new HashMap<>();
    for (NirGraph.Edge e : graph.edges()) {
      for (String end : List.of(e.source(), e.target())) {
        if (!byName.containsKey(end)) {
          throw new FileFormatException(file, "node/edges", "edges between the graph's nodes",
              "an edge " + e.source() + " -> " + e.target() + " to the unknown node '" + end + "'");
        }
      }
      if (e.source().equals(output.name())) {
        throw new FileFormatException(file, "node/edges", "no edge out of the Output node",
            "an edge " + e.source() + " -> " + e.target());
      }
      String source = e.source().equals(input.name()) ? Architecture.INPUT : e.source();
      sources.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(source);
      targets.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
    }
    Map<String, Integer> waiting = new HashMap<>();
    sources.forEach((target, list) -> waiting.put(target, list.size()));
    List<NirNode> order = new ArrayList<>();
    Deque<String> ready = new ArrayDeque<>(List.of(input.name()));
    while (!ready.isEmpty()) {
      String name = ready.removeFirst();
      order.add(byName.get(name));
      for (String target : targets.getOrDefault(name, List.of())) {
        if (waiting.merge(target, -1, Integer::sum) == 0) {
          ready.addLast(target);
        }
      }
    }
    for (NirNode n : graph.nodes()) {
      if (!order.contains(n)) {
        throw new FileFormatException(file, "node '" + n.name() + "' (" + n.type() + ")",
            "a node that the Input node '" + input.name() + "' reaches, outside any cycle",
            sources.containsKey(n.name()) ? "edges from " + sources.get(n.name()) : "no edge in");
      }
    }
    List<NirNode> inner = order.stream().filter(n -> n != input && n != output).toList();
    return new GraphOrder(input, output, inner, sources);
  }

  private static NirNode single(Path file, NirGraph graph, String type)
      throws FileFormatException {
    List<NirNode> found = graph.nodes().stream().filter(n -> n.type().equals(type)).toList();
    if (found.size() != 1) {
      throw new FileFormatException(file, "node/nodes", "one " + type + " node",
          found.size() + " " + type + " nodes");
    }
    return found.get(0);
  }

  /** The Input node. */
  NirNode input() {
    return input;
  }

  /** The Output node. */
  NirNode output() {
    return output;
  }

  /** Every other node, each after the nodes it reads. */
  List<NirNode> nodes() {
    return nodes;
  }

  /** The sources of node {@code name}, in the order of their edges ({@link Architecture#INPUT} for the Input). */
  List<String> sources(String name) {
    return sources.getOrDefault(name, List.of());
  }
}
