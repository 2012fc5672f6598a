package org.spikebridge.network.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

class NetworkFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path manifest;
  private Path weights;
  private Network network;

  static Network randomCnn7(long seed) {
    Architecture arch = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10,
        ArchitectureBuilder.Activation.RATE_NORM);
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> params = new LinkedHashMap<>();
    arch.parameterShapes().forEach((name, shape) -> {
      float[] data = new float[(int) shape.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextDouble(-1, 1);
      }
      params.put(name, new Tensor(shape, data));
    });
    Provenance prov = new Provenance("mnist", seed, "spikebridge train --model cnn7",
        Map.of("spikebridge", "0.1.0", "java", "17"), Map.of("activation", "RATE_NORM", "epochs", "3"));
    return new Network(arch, params, prov);
  }

  @BeforeEach
  void save() throws IOException {
    network = randomCnn7(7);
    NetworkFiles.save(network, dir);
    manifest = dir.resolve("network.json");
    weights = dir.resolve("weights.safetensors");
  }

  @Test
  void roundTripGivesAnEqualNetwork() throws IOException {
    Network loaded = NetworkFiles.load(dir);
    assertThat(loaded).isEqualTo(network);
    assertThat(loaded.parameters().keySet()).containsExactlyElementsOf(network.parameters().keySet());
    assertThat(loaded).isNotEqualTo(randomCnn7(8));
  }

  @Test
  void manifestHasTheDocumentedLayout() throws IOException {
    JsonNode root = JSON.readTree(manifest.toFile());
    assertThat(root.fieldNames()).toIterable().containsExactly(
        "format", "formatVersion", "architecture", "parameters", "weights", "provenance");
    assertThat(root.get("format").textValue()).isEqualTo("spikebridge-network");
    assertThat(root.get("formatVersion").intValue()).isEqualTo(1);
    JsonNode arch = root.get("architecture");
    assertThat(arch.get("name").textValue()).isEqualTo("cnn7");
    assertThat(arch.get("inputShape").toString()).isEqualTo("[1,28,28]");
    assertThat(arch.get("numClasses").intValue()).isEqualTo(10);
    assertThat(arch.get("layers")).hasSize(14);
    assertThat(arch.get("layers").get(0).get("type").textValue()).isEqualTo("Conv2d");
    assertThat(arch.get("layers").get(2).get("type").textValue()).isEqualTo("RateNorm");
    assertThat(arch.get("layers").get(13).toString()).isEqualTo("{\"type\":\"Linear\",\"name\":\"fc1\","
        + "\"inputs\":[\"flatten1\"],\"inFeatures\":32,\"outFeatures\":10,\"bias\":true}");
    assertThat(root.get("parameters").get("conv1.weight").toString()).isEqualTo("[32,1,3,3]");
    assertThat(root.get("parameters").get("fc1.weight").toString()).isEqualTo("[10,32]");
    assertThat(root.get("parameters")).hasSize(26); // 3 × (conv 2 + bn 4 + rnl 2) + fc 2
    JsonNode w = root.get("weights");
    assertThat(w.get("file").textValue()).isEqualTo("weights.safetensors");
    assertThat(w.get("bytes").longValue()).isEqualTo(Files.size(weights));
    assertThat(w.get("sha256").textValue()).isEqualTo(sha256(Files.readAllBytes(weights)));
    JsonNode p = root.get("provenance");
    assertThat(p.get("dataset").textValue()).isEqualTo("mnist");
    assertThat(p.get("seed").longValue()).isEqualTo(7);
    assertThat(p.get("versions").toString()).isEqualTo("{\"java\":\"17\",\"spikebridge\":\"0.1.0\"}");
    assertThat(p.get("settings").toString()).isEqualTo("{\"activation\":\"RATE_NORM\",\"epochs\":\"3\"}");
    // 19536 float parameters (see ArchitectureTest) of 4 bytes after the header.
    assertThat(Files.size(weights)).isGreaterThan(19536L * 4).isLessThan(19536L * 4 + 4096);
  }

  @Test
  void quantizedRateNormLayersKeepTheirLevelsAndContinuousOnesAreWrittenWithout() throws IOException {
    assertThat(manifestJson().get("architecture").get("layers").get(2).has("levels")).isFalse();
    Network quantized = new Network(network.architecture().withRateNormLevels(8),
        network.parameters(), network.provenance());
    NetworkFiles.save(quantized, dir);
    assertThat(manifestJson().get("architecture").get("layers").get(2).get("levels").intValue())
        .isEqualTo(8);
    Network loaded = NetworkFiles.load(dir);
    assertThat(loaded).isEqualTo(quantized).isNotEqualTo(network);
    assertThat(loaded.architecture().layer("rnl3")).isEqualTo(new Layer.RateNorm("rnl3",
        List.of("bn3"), 0.1, 8));
  }

  @Test
  void aRectangularConvolutionKeepsItsWindowAndASquareOneIsWrittenWithout() throws IOException {
    assertThat(manifestJson().get("architecture").get("layers").get(0).has("rectangle")).isFalse();
    Layer.Conv2d square = (Layer.Conv2d) network.architecture().layers().get(0);
    Layer.Conv2d wide = new Layer.Conv2d(square.name(), square.inputs(), square.inChannels(),
        square.outChannels(), square.kernel(), square.stride(), square.padding(), square.bias(),
        new Layer.Conv2d.Rectangle(5, 1, 1, 0, 1));
    Map<String, Tensor> params = new LinkedHashMap<>(network.parameters());
    params.put(square.name() + ".weight", Tensor.filled(TensorShape.of(32, 1, 3, 5), 0.5f));
    Network rectangular = new Network(network.architecture().replace(wide), params,
        network.provenance());
    NetworkFiles.save(rectangular, dir);
    assertThat(manifestJson().get("architecture").get("layers").get(0).get("rectangle").toString())
        .isEqualTo("{\"kernelWidth\":5,\"strideWidth\":1,\"padLeft\":1,\"padBottom\":0,\"padRight\":1}");
    assertThat(NetworkFiles.load(dir)).isEqualTo(rectangular);
  }

  @Test
  void negativeLevelsAreRefusedWithTheLayersName() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(2)).put("levels", -1);
    writeManifest(root);
    assertLoadFails(manifest, "architecture", "Rate Norm layer 'rnl1'", "levels", "found -1");
  }

  @Test
  void savingTwiceGivesTheSameBytes() throws IOException {
    byte[] first = Files.readAllBytes(manifest);
    byte[] firstWeights = Files.readAllBytes(weights);
    NetworkFiles.save(network, dir);
    assertThat(Files.readAllBytes(manifest)).isEqualTo(first);
    assertThat(Files.readAllBytes(weights)).isEqualTo(firstWeights);
  }

  // ---- failures, in the order load checks them ----

  private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(Path file, String... parts) {
    return assertThatThrownBy(() -> NetworkFiles.load(dir))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContainingAll(parts);
  }

  private ObjectNode manifestJson() throws IOException {
    return (ObjectNode) JSON.readTree(manifest.toFile());
  }

  private void writeManifest(JsonNode root) throws IOException {
    Files.writeString(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /** Replaces the weights with {@code tensors} and makes the manifest's size and checksum agree. */
  private void replaceWeights(Map<String, Tensor> tensors) throws IOException {
    SafeTensors.write(weights, tensors, Map.of());
    byte[] bytes = Files.readAllBytes(weights);
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("weights")).put("sha256", sha256(bytes)).put("bytes", bytes.length);
    writeManifest(root);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void missingManifest() throws IOException {
    Files.delete(manifest);
    assertLoadFails(manifest, "network.json is missing");
  }

  @Test
  void manifestThatIsNotJson() throws IOException {
    Files.writeString(manifest, "{\"format\": \"spikebridge-network\",");
    assertLoadFails(manifest, "expected valid JSON", "line 1");
  }

  @Test
  void wrongFormatName() throws IOException {
    writeManifest(manifestJson().put("format", "onnx"));
    assertLoadFails(manifest, "format: expected \"spikebridge-network\", found \"onnx\"");
  }

  @Test
  void newerFormatVersion() throws IOException {
    writeManifest(manifestJson().put("formatVersion", 2));
    assertLoadFails(manifest, "formatVersion",
        "written by a newer SpikeBridge: formatVersion 2, this build reads 1");
  }

  @Test
  void unknownLayerType() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(2)).put("type", "Sigmoid");
    writeManifest(root);
    assertLoadFails(manifest, "architecture.layers[2]", "Sigmoid");
  }

  @Test
  void inconsistentArchitectureKeepsTheShapeMessage() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(13)).put("inFeatures", 33);
    writeManifest(root);
    assertLoadFails(manifest, "architecture", "layer 'fc1' (Linear): expected input [33], found [32]");
  }

  @Test
  void layerMissingAField() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(0)).remove("kernel");
    writeManifest(root);
    assertLoadFails(manifest, "architecture.layers[0]", "kernel");
  }

  @Test
  void parameterMissingFromManifest() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("parameters")).remove("bn2.running_var");
    writeManifest(root);
    assertLoadFails(manifest, "parameters.bn2.running_var", "expected an entry of shape [32]", "found none");
  }

  @Test
  void extraParameterInManifest() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("parameters")).putArray("fc2.weight").add(10).add(10);
    writeManifest(root);
    assertLoadFails(manifest, "parameters.fc2.weight", "a parameter no layer owns");
  }

  @Test
  void wrongParameterShapeInManifest() throws IOException {
    ObjectNode root = manifestJson();
    ArrayNode shape = ((ObjectNode) root.get("parameters")).putArray("conv2.weight");
    shape.add(32).add(32).add(5).add(5);
    writeManifest(root);
    assertLoadFails(manifest, "parameters.conv2.weight", "expected shape [32, 32, 3, 3]",
        "found [32, 32, 5, 5]");
  }

  /** A newline slipped past the old check: the weights must be a plain file name in the folder. */
  @Test
  void weightsFileNamingAnotherFolderIsRefused() throws IOException {
    for (String name : List.of("x\n/../../weights.safetensors", "../weights.safetensors", "a\tb", "sub/w")) {
      ObjectNode root = manifestJson();
      ((ObjectNode) root.get("weights")).put("file", name);
      writeManifest(root);
      assertLoadFails(manifest, "weights.file", "expected a file name in the same folder");
    }
  }

  /**
   * Padding that would make avgpool1 32 maps of 20013 × 20013 (51 GB per image) or that would
   * overflow conv1's int arithmetic is refused by name before the weights are read.
   */
  @Test
  void paddingBeyondTheInputIsRefusedNamingTheLayer() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(3)).put("padding", 20_000);
    writeManifest(root);
    assertLoadFails(manifest, "architecture", "layer 'avgpool1' (AvgPool2d)",
        "padding of at most the input's extent 26", "found padding 20000");
    root = manifestJson();
    ((ObjectNode) root.get("architecture").get("layers").get(3)).put("padding", 0);
    ((ObjectNode) root.get("architecture").get("layers").get(0)).put("padding", Integer.MAX_VALUE);
    writeManifest(root);
    assertLoadFails(manifest, "architecture", "layer 'conv1' (Conv2d)",
        "found padding 2147483647");
  }

  /** Jackson would truncate 28.7 to 28; a shape or size must be a whole number. */
  @Test
  void aNonIntegerShapeIsRefused() throws IOException {
    ObjectNode root = manifestJson();
    ArrayNode input = ((ObjectNode) root.get("architecture")).putArray("inputShape");
    input.add(1.9).add(28.7).add(28.2);
    writeManifest(root);
    assertLoadFails(manifest, "architecture");
  }

  /**
   * Every field of the manifest, and every element of its arrays, set to null in turn: the load
   * fails with one line naming the manifest and the field (a null parameter shape threw a
   * NullPointerException), or succeeds where null means absent.
   */
  @Test
  void aNullAnywhereInTheManifestIsOneLineNamingIt() throws IOException {
    ObjectNode original = manifestJson();
    List<String> paths = new ArrayList<>();
    collectPaths(original, "", paths);
    assertThat(paths).hasSizeGreaterThan(150).contains("/parameters/conv1.weight",
        "/architecture/layers/3/inputs/0", "/weights/file");
    for (String path : paths) {
      ObjectNode root = original.deepCopy();
      int slash = path.lastIndexOf('/');
      JsonNode parent = root.at(path.substring(0, slash));
      String last = path.substring(slash + 1);
      if (parent instanceof ArrayNode array) {
        array.set(Integer.parseInt(last), NullNode.getInstance());
      } else {
        ((ObjectNode) parent).putNull(last);
      }
      writeManifest(root);
      try {
        NetworkFiles.load(dir);
      } catch (FileFormatException e) {
        assertThat(e.getMessage()).as(path).startsWith(manifest.toString()).doesNotContain("\n")
            .doesNotContain("NullPointerException");
      } catch (RuntimeException e) {
        throw new AssertionError(path + " set to null: " + e, e);
      }
    }
  }

  /** Adds the JSON pointer of every member and element below {@code node} to {@code paths}. */
  private static void collectPaths(JsonNode node, String at, List<String> paths) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String path = at + "/" + e.getKey();
        paths.add(path);
        collectPaths(e.getValue(), path, paths);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        paths.add(at + "/" + i);
        collectPaths(node.get(i), at + "/" + i, paths);
      }
    }
  }

  /** A parameter shape of fractions is refused, as the input shape is: Jackson would truncate it. */
  @Test
  void aNonIntegerParameterShapeIsRefused() throws IOException {
    ObjectNode root = manifestJson();
    ((ObjectNode) root.get("parameters")).putArray("fc1.weight").add(10.4).add(32.2);
    writeManifest(root);
    assertLoadFails(manifest, "parameters.fc1.weight");
  }

  @Test
  void missingWeightsFile() throws IOException {
    Files.delete(weights);
    assertLoadFails(weights, "weights.safetensors is missing");
  }

  @Test
  void truncatedWeightsFile() throws IOException {
    long size = Files.size(weights);
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertLoadFails(weights, "size: expected " + size + " bytes", "found " + (size - 100) + " bytes");
  }

  @Test
  void weightsOfAnotherNetwork() throws IOException {
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1; // same size, one bit of the last value flipped
    Files.write(weights, bytes);
    assertLoadFails(weights, "SHA-256", "expected " + manifestJson().get("weights").get("sha256").textValue(),
        "found " + sha256(bytes));
  }

  @Test
  void tensorMissingFromWeights() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(network.parameters());
    tensors.remove("rnl3.p_logit");
    replaceWeights(tensors);
    assertLoadFails(weights, "tensor 'rnl3.p_logit'", "expected a tensor of shape [1]", "found none");
  }

  @Test
  void extraTensorInWeights() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(network.parameters());
    tensors.put("stray", Tensor.filled(TensorShape.of(2), 1f));
    replaceWeights(tensors);
    assertLoadFails(weights, "tensor 'stray'", "a tensor the manifest does not list");
  }

  @Test
  void tensorOfTheWrongShapeInWeights() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(network.parameters());
    tensors.put("fc1.weight", Tensor.filled(TensorShape.of(32, 10), 0.5f));
    replaceWeights(tensors);
    assertLoadFails(weights, "tensor 'fc1.weight'", "expected shape [10, 32]", "found [32, 10]");
  }

  @Test
  void nanInWeights() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(network.parameters());
    float[] data = tensors.get("bn1.running_var").data().clone();
    data[5] = Float.NaN;
    tensors.put("bn1.running_var", new Tensor(TensorShape.of(32), data));
    replaceWeights(tensors);
    assertLoadFails(weights, "tensor 'bn1.running_var'", "expected finite values",
        "found NaN at flat index 5");
  }

  @Test
  void infinityInWeights() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(network.parameters());
    float[] data = tensors.get("conv3.weight").data().clone();
    data[9215] = Float.NEGATIVE_INFINITY;
    tensors.put("conv3.weight", new Tensor(TensorShape.of(32, 32, 3, 3), data));
    replaceWeights(tensors);
    assertLoadFails(weights, "tensor 'conv3.weight'", "found -Infinity at flat index 9215");
  }

  // ---- a writer killed midway leaves the previous pair loadable ----

  @Test
  void weightsWriteKilledMidwayLeavesThePreviousNetwork() throws IOException {
    byte[] otherWeights = otherNetworkWeights();
    assertThatThrownBy(() -> AtomicFiles.write(weights, out -> {
      out.write(otherWeights, 0, otherWeights.length / 2);
      throw new IOException("killed");
    })).hasMessage("killed");

    assertThat(NetworkFiles.load(dir)).isEqualTo(network);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("network.json", "weights.safetensors");
    }
  }

  @Test
  void killedBetweenWeightsAndManifestIsDetected() throws IOException {
    // New weights were renamed into place, but the writer died before the new manifest.
    Files.write(weights, otherNetworkWeights());
    assertLoadFails(weights, "SHA-256", "not the weights of this manifest");
  }

  private byte[] otherNetworkWeights() throws IOException {
    Path other = dir.resolve("other");
    NetworkFiles.save(randomCnn7(99), other);
    byte[] bytes = Files.readAllBytes(other.resolve("weights.safetensors"));
    Files.delete(other.resolve("weights.safetensors"));
    Files.delete(other.resolve("network.json"));
    Files.delete(other);
    assertThat(bytes).hasSize((int) Files.size(weights));
    return bytes;
  }
}
