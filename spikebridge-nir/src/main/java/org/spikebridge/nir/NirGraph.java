package org.spikebridge.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIR graph: its nodes and its directed edges. A node with several incoming edges receives the
 * sum of their outputs (how NIR expresses a residual join).
 *
 * @param version the NIR version written in the file, e.g. {@code 1.0.7}
 * @param nodes the nodes, in the order they are written
 * @param edges the edges, in the order they are written
 * @param metadata the entries of the graph's {@code metadata} group (values as in {@link NirNode})
 */
public record NirGraph(String version, List<NirNode> nodes, List<Edge> edges,
    Map<String, Object> metadata) {

  /** The NIR version SpikeBridge writes: the one whose reference reader the exported files pass. */
  public static final String VERSION = "1.0.7";

  /**
   * An edge from the output of {@code source} to the input of {@code target}.
   *
   * @param source the name of the node read
   * @param target the name of the node fed
   */
  public record Edge(String source, String target) {}

  /** Copies the lists and the map (keeping its order). */
  public NirGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
