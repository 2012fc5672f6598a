package org.spikebridge.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.JavaArrays;

/**
 * The HDF5 form of a NIR graph, as NIR's own writer lays it out: a string dataset
 * {@code version} at the root and the graph in group {@code node}, holding {@code type} =
 * {@code NIRGraph}, one group {@code nodes/<name>} per node (its {@code type}, its fields as
 * datasets, and its {@code metadata} group when it has metadata) and {@code edges}, a string
 * dataset of shape [E, 2] of (source, target) pairs.
 */
public final class NirFiles {
  private static final String GRAPH = "node";
  private static final String GRAPH_TYPE = "NIRGraph";
  private static final String METADATA = "metadata";

  private NirFiles() {}

  /** Writes {@code graph} to {@code file} atomically: the file is either the old one or complete. */
  public static void write(NirGraph graph, Path file) throws IOException {
    Path scratch = Files.createTempFile("spikebridge-", ".nir");
    try {
      try (WritableHdfFile hdf = HdfFile.write(scratch)) {
        hdf.putDataset("version", graph.version());
        WritableGroup root = hdf.putGroup(GRAPH);
        root.putDataset("type", GRAPH_TYPE);
        WritableGroup nodes = root.putGroup("nodes");
        for (NirNode node : graph.nodes()) {
          WritableGroup group = nodes.putGroup(node.name());
          group.putDataset("type", node.type());
          putAll(group, node.fields());
          if (!node.metadata().isEmpty()) {
            putAll(group.putGroup(METADATA), node.metadata());
          }
        }
        String[][] edges = graph.edges().stream()
            .map(e -> new String[] {e.source(), e.target()}).toArray(String[][]::new);
        root.putDataset("edges", edges);
        if (!graph.metadata().isEmpty()) {
          putAll(root.putGroup(METADATA), graph.metadata());
        }
      } catch (HdfException e) {
        throw new IOException("cannot write the NIR graph: " + e.getMessage(), e);
      }
      AtomicFiles.write(file, out -> Files.copy(scratch, out));
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private static void putAll(WritableGroup group, Map<String, Object> values) {
    values.forEach((name, value) -> group.putDataset(name,
        value instanceof FloatArray a ? nested(a) : value));
  }

  /** The values of {@code a} as a Java array nested as deep as its shape (jHDF writes those). */
  private static Object nested(FloatArray a) {
    int[] shape = a.shape();
    Object array = Array.newInstance(float.class, shape);
    int row = shape.length == 0 ? 1 : shape[shape.length - 1];
    for (int start = 0; start < a.data().length; start += row) {
      Object inner = array;
      int index = start;
      for (int d = 0; d < shape.length - 1; d++) {
        int stride = 1;
        for (int e = d + 1; e < shape.length; e++) {
          stride *= shape[e];
        }
        inner = Array.get(inner, index / stride);
        index %= stride;
      }
      System.arraycopy(a.data(), start, inner, 0, row);
    }
    return array;
  }

  /**
   * Reads the NIR graph in {@code file}; a {@link FileFormatException} naming the file and the
   * field when it is not HDF5 or lacks the {@code version}, the graph, a node's {@code type} or
   * the edges. Field values are read as they are (see {@link NirNode}); their types are the
   * importer's to check.
   */
  public static NirGraph read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new FileFormatException(file, "file", "a NIR file (HDF5)", "no such file");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      String version = string(file, hdf, "version");
      Group root = group(file, hdf, GRAPH);
      String type = string(file, root, "type");
      if (!type.equals(GRAPH_TYPE)) {
        throw new FileFormatException(file, GRAPH + "/type", GRAPH_TYPE, type);
      }
      List<NirNode> nodes = new ArrayList<>();
      for (Node child : group(file, root, "nodes").getChildren().values()) {
        if (!(child instanceof Group g)) {
          throw new FileFormatException(file, child.getPath(), "a node group", "a dataset");
        }
        nodes.add(node(file, g));
      }
      return new NirGraph(version, nodes, edges(file, root), metadata(file, root));
    } catch (RuntimeException e) {
      // jHDF reports a file that is not HDF5, or a damaged one, with assorted runtime exceptions
      throw new FileFormatException(file, "header", "a NIR file (HDF5)",
          e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      // jHDF allocates whatever size a damaged header claims (one array, which then fails alone,
      // so the heap is intact); the file is refused like any other damage
      throw new FileFormatException(file, "header", "a NIR file (HDF5)", "a structure that claims "
          + "more memory than the heap holds (a damaged file)", e);
    }
  }

  private static NirNode node(Path file, Group g) throws IOException {
    String type = string(file, g, "type");
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Node child : g.getChildren().values()) {
      if (child instanceof Dataset d && !child.getName().equals("type")) {
        fields.put(child.getName(), value(file, d));
      }
    }
    return new NirNode(g.getName(), type, fields, metadata(file, g));
  }

  /** The datasets of {@code g}'s {@code metadata} group, empty when it has none. */
  private static Map<String, Object> metadata(Path file, Group g) throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (g.getChildren().get(METADATA) instanceof Group m) {
      for (Node entry : m.getChildren().values()) {
        if (entry instanceof Dataset d) {
          metadata.put(entry.getName(), value(file, d));
        }
      }
    }
    return metadata;
  }

  /**
   * A dataset's value: a String for a scalar string, a {@link FloatArray} for float32 or float64
   * data (scalars of shape []), a Long for an integer scalar, a long[] for an integer array, the
   * flat array as jHDF gives it for anything else.
   */
  private static Object value(Path file, Dataset d) throws IOException {
    checkSize(file, d);
    Class<?> type = d.getJavaType();
    int[] shape = d.isScalar() ? new int[0] : d.getDimensions();
    if (type == float.class || type == Float.class || type == double.class || type == Double.class) {
      Object flat = d.isScalar() ? new double[] {((Number) d.getData()).doubleValue()} : d.getDataFlat();
      return new FloatArray(shape, floats(flat));
    }
    boolean integer = type == long.class || type == Long.class || type == int.class
        || type == Integer.class || type == short.class || type == Short.class
        || type == byte.class || type == Byte.class;
    if (integer && d.isScalar()) {
      return ((Number) d.getData()).longValue();
    }
    if (integer) {
      Object flat = d.getDataFlat();
      long[] values = new long[Array.getLength(flat)];
      for (int i = 0; i < values.length; i++) {
        values[i] = ((Number) Array.get(flat, i)).longValue();
      }
      return values;
    }
    return d.isScalar() ? d.getData() : d.getDataFlat();
  }

  /**
   * Refuses {@code d} before its data are read when its dataspace claims more values than a Java
   * array holds, more bytes than the file has from the data's address on (data stored in one
   * piece) or more than the heap: the reader would otherwise allocate whatever a damaged header
   * claims.
   */
  private static void checkSize(Path file, Dataset d) throws IOException {
    long bytes = d.getSizeInBytes();
    String field = d.getPath().substring(1);
    String found = String.format(Locale.ROOT, "shape %s: %,d values, %,d bytes",
        Arrays.toString(d.getDimensions()), d.getSize(), bytes);
    if (d.getSize() > JavaArrays.MAX_LENGTH) {
      throw new FileFormatException(file, field, String.format(Locale.ROOT,
          "at most %,d values (the most a Java array holds)", JavaArrays.MAX_LENGTH), found);
    }
    if (d instanceof ContiguousDataset c && !d.isEmpty() && c.getDataAddress() + bytes > Files.size(file)) {
      throw new FileFormatException(file, field, String.format(Locale.ROOT,
          "data within the file's %,d bytes", Files.size(file)), found + " from byte " + c.getDataAddress());
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw new FileFormatException(file, field, String.format(Locale.ROOT,
          "at most the heap's %,d bytes (raise -Xmx)", heap), found);
    }
  }

  private static float[] floats(Object flat) {
    if (flat instanceof float[] f) {
      return f;
    }
    float[] values = new float[Array.getLength(flat)];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((Number) Array.get(flat, i)).floatValue();
    }
    return values;
  }

  private static List<NirGraph.Edge> edges(Path file, Group root) throws IOException {
    Node node = root.getChild("edges");
    String field = GRAPH + "/edges";
    if (!(node instanceof Dataset d)) {
      throw new FileFormatException(file, field, "a string dataset [E, 2]", "none");
    }
    int[] dims = d.getDimensions();
    if (d.getJavaType() != String.class || dims.length != 2 || dims[1] != 2) {
      throw new FileFormatException(file, field, "a string dataset [E, 2]",
          d.getJavaType().getSimpleName() + Arrays.toString(dims));
    }
    checkSize(file, d);
    List<NirGraph.Edge> edges = new ArrayList<>();
    for (String[] pair : (String[][]) d.getData()) {
      edges.add(new NirGraph.Edge(pair[0], pair[1]));
    }
    return edges;
  }

  private static Group group(Path file, Group parent, String name) throws FileFormatException {
    if (!(parent.getChild(name) instanceof Group g)) {
      throw new FileFormatException(file, path(parent, name), "a group", "none");
    }
    return g;
  }

  private static String string(Path file, Group parent, String name) throws FileFormatException {
    Node node = parent.getChild(name);
    if (!(node instanceof Dataset d) || !d.isScalar() || d.getJavaType() != String.class) {
      throw new FileFormatException(file, path(parent, name), "a string dataset",
          node == null ? "none" : node.getType().toString().toLowerCase(Locale.ROOT));
    }
    return (String) d.getData();
  }

  private static String path(Group parent, String name) {
    String base = parent.getPath();
    return (base.equals("/") ? "" : base.substring(1)) + name;
  }
}
