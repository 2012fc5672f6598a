package org.spikebridge.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;

/** Import of NIR files: one written by NIR's own writer, and bad ones refused in one line. */
class NirImportTest {
  @TempDir Path dir;

  private static Path sample() throws URISyntaxException {
    return Path.of(NirImportTest.class.getResource("/nir/reference-sample.nir").toURI());
  }

  @Test
  void readsTheFileNirsOwnWriterWrote() throws Exception {
    NirImport.Imported imported = NirImport.read(sample(), "test", Map.of());
    Network net = imported.snn().network();
    assertThat(net.architecture().layers()).extracting(Layer::name)
        .containsExactly("conv1", "if1", "pool1", "flatten", "fc", "if2", "output");
    assertThat(net.architecture().inputShape().dims()).containsExactly(1, 8, 8);
    assertThat(net.architecture().layer("conv1"))
        .isEqualTo(new Layer.Conv2d("conv1", List.of("input"), 1, 4, 3, 1, 1, true));
    assertThat(net.architecture().layer("pool1"))
        .isEqualTo(new Layer.AvgPool2d("pool1", List.of("if1"), 2, 2, 0));
    assertThat(net.parameter("if1.threshold").data()).containsExactly(1.5f);
    assertThat(net.parameter("if2.threshold").data()).containsExactly(1f);
    float[][] fc;
    try (HdfFile f = new HdfFile(sample())) {
      fc = (float[][]) f.getDatasetByPath("node/nodes/fc/weight").getData();
    }
    // the sum pool's 2×2 goes back into fc's weights, the pooling now being an average
    assertThat(net.parameter("fc.weight").data()[0]).isEqualTo(4 * fc[0][0]);
    assertThat(net.parameter("fc.weight").data()[64 + 5]).isEqualTo(4 * fc[1][5]);
    // the last IF layer's spike counts are the prediction
    float[] readout = net.parameter("output.weight").data();
    assertThat(readout[0]).isEqualTo(1f);
    assertThat(readout[11]).isEqualTo(1f);
    assertThat(readout[1]).isZero();
    assertThat(imported.notices()).anyMatch(n -> n.contains("IF node 'if1'") && n.contains("subtraction"))
        .anyMatch(n -> n.contains("identity Linear 'output'"));
    assertThat(net.provenance().settings()).containsEntry("import.format", "NIR 1.0.7");
  }

  /** The hand network's graph with {@code change} applied to node {@code name}, written to a file. */
  private Path withNode(String name, UnaryOperator<NirNode> change) throws IOException {
    NirGraph g = NirExport.graph(HandNetworks.pooled());
    List<NirNode> nodes = new ArrayList<>();
    g.nodes().forEach(n -> nodes.add(n.name().equals(name) ? change.apply(n) : n));
    Path file = dir.resolve("bad.nir");
    NirFiles.write(new NirGraph(g.version(), nodes, g.edges(), g.metadata()), file);
    return file;
  }

  private static NirNode withField(NirNode n, String field, Object value) {
    Map<String, Object> fields = new LinkedHashMap<>(n.fields());
    fields.put(field, value);
    return new NirNode(n.name(), n.type(), fields, n.metadata());
  }

  private static void assertRefused(Path file, String... parts) {
    assertThatThrownBy(() -> NirImport.read(file, "test", Map.of()))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContainingAll(parts)
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesAFileThatIsNotHdf5() throws IOException {
    Path file = Files.writeString(dir.resolve("text.nir"), "not an HDF5 file\n");
    assertRefused(file, "HDF5");
  }

  @Test
  void refusesAFileWithoutVersion() throws IOException {
    Path file = dir.resolve("unversioned.nir");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableGroup node = hdf.putGroup("node");
      node.putDataset("type", "NIRGraph");
    }
    assertRefused(file, "version", "expected a string dataset", "found none");
  }

  @Test
  void refusesAnUnknownNodeType() throws IOException {
    Path file = withNode("if1", n -> new NirNode(n.name(), "Spiky", n.fields()));
    assertRefused(file, "node 'if1' (Spiky)", "type 'Spiky'", "expected a NIR node type");
  }

  @Test
  void refusesANirNodeTypeSpikeBridgeDoesNotSimulate() throws IOException {
    Path file = withNode("if1", n -> new NirNode(n.name(), "LIF", n.fields()));
    assertRefused(file, "node 'if1' (LIF)", "leaky neurons");
  }

  @Test
  void refusesThresholdsShapedUnlikeTheNodesInput() throws IOException {
    Path file = withNode("if1", n -> withField(n, "v_threshold",
        FloatArray.filled(new int[] {2, 3, 3}, 1f)));
    assertRefused(file, "node 'if1' (IF) field 'v_threshold'", "expected shape [2, 4, 4]",
        "found [2, 3, 3]");
  }

  @Test
  void refusesWeightsThatDoNotFitTheInput() throws IOException {
    Path file = withNode("fc", n -> withField(n, "weight", FloatArray.filled(new int[] {3, 9}, 1f)));
    assertRefused(file, "node 'fc' (Affine) field 'weight'", "[out, 8]", "found [3, 9]");
  }

  /**
   * A dataset whose dataspace claims 2^30 × 77 values (a damaged file: the data are 77 floats) is
   * refused by its path before any array is allocated.
   */
  @Test
  void refusesADatasetThatClaimsMoreValuesThanAnArrayHolds() throws IOException {
    assertRefused(withExtraRowsClaimed(1L << 30), "node/nodes/fc/extra",
        "expected at most 2,147,483,639 values",
        "found shape [1073741824, 77]: 82,678,120,448 values, 330,712,481,792 bytes");
  }

  /** 2^20 × 77 floats fit an array but not the file, which holds the 77 floats of one row. */
  @Test
  void refusesADatasetThatClaimsMoreDataThanTheFileHolds() throws IOException {
    Path file = withExtraRowsClaimed(1L << 20);
    assertRefused(file, "node/nodes/fc/extra",
        String.format(java.util.Locale.ROOT, "expected data within the file's %,d bytes", Files.size(file)),
        "found shape [1048576, 77]: 80,740,352 values, 322,961,408 bytes from byte ");
  }

  /**
   * The hand network's file with a float field {@code extra} of shape [1, 77] on node fc whose
   * dataspace then claims {@code rows} rows, its object header's checksum made right again.
   */
  private Path withExtraRowsClaimed(long rows) throws IOException {
    Path file = withNode("fc", n -> withField(n, "extra", FloatArray.filled(new int[] {1, 77}, 1f)));
    byte[] bytes = Files.readAllBytes(file);
    byte[] dims = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(1).putLong(77).array();
    int at = indexOf(bytes, dims);
    assertThat(at).as("the dataspace of [1, 77]").isPositive();
    assertThat(indexOf(java.util.Arrays.copyOfRange(bytes, at + 1, bytes.length), dims))
        .as("a second [1, 77]").isNegative();
    java.nio.ByteBuffer.wrap(bytes, at, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(rows);
    resealObjectHeader(bytes, at);
    return Files.write(file, bytes);
  }

  /**
   * Recomputes the checksum of the version-2 object header ("OHDR") that holds byte {@code at}:
   * signature, version, flags, optional times (flag 0x20) and attribute phase (0x10), the size of
   * chunk 0 in 1 << (flags & 3) bytes, the messages, then the Jenkins lookup3 checksum of all that.
   */
  private static void resealObjectHeader(byte[] bytes, int at) {
    byte[] signature = "OHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int start = at;
    while (!java.util.Arrays.equals(bytes, start, start + 4, signature, 0, 4)) {
      start--;
    }
    int flags = bytes[start + 5];
    int sizeAt = start + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
    int width = 1 << (flags & 3);
    long chunk = 0;
    for (int i = width - 1; i >= 0; i--) {
      chunk = chunk << 8 | (bytes[sizeAt + i] & 0xff);
    }
    int end = (int) (sizeAt + width + chunk);
    int checksum = io.jhdf.checksum.ChecksumUtils.checksum(java.util.Arrays.copyOfRange(bytes, start, end));
    java.nio.ByteBuffer.wrap(bytes, end, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(checksum);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void refusesIntegerWeights() throws IOException {
    Path file = withNode("conv", n -> withField(n, "weight", new long[][][][] {{{{1}}}, {{{2}}}}));
    assertRefused(file, "node 'conv' (Conv2d) field 'weight'", "expected a float array",
        "found an integer array");
  }

  @Test
  void refusesASumOfEdgesOfDifferentShapes() throws IOException {
    NirGraph g = NirExport.graph(HandNetworks.pooled());
    List<NirGraph.Edge> edges = new ArrayList<>(g.edges());
    edges.add(new NirGraph.Edge("input", "if1"));
    Path file = dir.resolve("sum.nir");
    NirFiles.write(new NirGraph(g.version(), g.nodes(), edges, g.metadata()), file);
    assertRefused(file, "node 'if1' (IF)", "incoming edges of one shape",
        "[conv, input] of shapes [[2, 4, 4], [1, 4, 4]]");
  }

  @Test
  void refusesAnEdgeToAnUnknownNode() throws IOException {
    NirGraph g = NirExport.graph(HandNetworks.pooled());
    List<NirGraph.Edge> edges = new ArrayList<>(g.edges());
    edges.add(new NirGraph.Edge("conv", "nowhere"));
    Path file = dir.resolve("edge.nir");
    NirFiles.write(new NirGraph(g.version(), g.nodes(), edges, g.metadata()), file);
    assertRefused(file, "node/edges", "unknown node 'nowhere'");
  }
}
