package org.spikebridge.network.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.Sha256;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * A {@link Network} saved as a folder: {@code weights.safetensors} (every parameter, see
 * {@link SafeTensors}) and {@code network.json}, a manifest holding the format name and version,
 * the architecture, the shape of every parameter, the weights file's size and SHA-256, and the
 * provenance.
 *
 * <p>{@link #save} writes the weights first and the manifest last, each atomically, so that a
 * folder with a manifest always has complete weights; the size and checksum in the manifest detect
 * weights that do not belong to it. {@link #load} checks everything before it builds the network
 * and reports the first problem as a {@link FileFormatException}.
 */
public final class NetworkFiles {
  /** File name of the manifest in a network folder. */
  public static final String MANIFEST = "network.json";
  /** File name of the weights in a network folder. */
  public static final String WEIGHTS = "weights.safetensors";
  /** The value of the manifest's {@code format} field. */
  public static final String FORMAT = "spikebridge-network";
  /** The manifest version this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .build();

  private NetworkFiles() {}

  /** Writes {@code network} into {@code dir} (created if needed): weights first, manifest last. */
  public static void save(Network network, Path dir) throws IOException {
    Path weights = dir.resolve(WEIGHTS);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("formatVersion", Integer.toString(FORMAT_VERSION));
    SafeTensors.write(weights, network.parameters(), metadata);

    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.set("architecture", JSON.valueToTree(network.architecture()));
    ObjectNode params = root.putObject("parameters");
    network.architecture().parameterShapes().forEach((k, v) -> params.set(k, JSON.valueToTree(v)));
    ObjectNode w = root.putObject("weights");
    w.put("file", WEIGHTS);
    w.put("sha256", sha256(weights));
    w.put("bytes", Files.size(weights));
    Provenance p = network.provenance();
    ObjectNode prov = root.putObject("provenance");
    prov.put("dataset", p.dataset());
    prov.put("seed", p.seed());
    prov.put("command", p.command());
    prov.set("versions", JSON.valueToTree(new TreeMap<>(p.versions())));
    prov.set("settings", JSON.valueToTree(new TreeMap<>(p.settings())));

    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    String text = JSON.writer(pretty).writeValueAsString(root) + "\n";
    AtomicFiles.writeString(dir.resolve(MANIFEST), text);
  }

  /**
   * Reads the network saved in {@code dir}. Checks, in this order: the manifest exists and is
   * JSON, its format and version, the architecture, that its parameter list matches the
   * architecture, the weights file's size and SHA-256, the shape of every stored tensor, and that
   * every value is finite.
   */
  public static Network load(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    JsonNode root = readManifest(manifest);
    checkFormat(manifest, root);
    Architecture architecture = architecture(manifest, root);
    Provenance provenance = convert(manifest, "provenance", required(manifest, root, "provenance"),
        Provenance.class);
    Map<String, TensorShape> shapes = checkParameters(manifest, root, architecture);
    Path weights = checkWeightsFile(manifest, dir, required(manifest, root, "weights"));
    Map<String, Tensor> tensors = SafeTensors.read(weights);
    checkTensors(weights, shapes, tensors);
    try {
      return new Network(architecture, tensors, provenance);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(weights, "parameters", "a complete network", e.getMessage(), e);
    }
  }

  private static JsonNode readManifest(Path manifest) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(manifest);
    } catch (NoSuchFileException e) {
      throw new FileFormatException(manifest, "file", "the manifest " + MANIFEST
          + " of a saved network", "no such file: " + manifest + " is missing", e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(manifest, "(whole file)", "valid JSON",
          e.getOriginalMessage() + " at " + location(e), e);
    }
    if (root == null || !root.isObject()) {
      throw new FileFormatException(manifest, "(whole file)", "a JSON object",
          root == null ? "an empty file" : root.getNodeType());
    }
    return root;
  }

  private static void checkFormat(Path manifest, JsonNode root) throws FileFormatException {
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.textValue())) {
      throw new FileFormatException(manifest, "format", "\"" + FORMAT + "\"",
          format == null ? "no such field" : format.toString());
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
      throw new FileFormatException(manifest, "formatVersion", "an integer",
          version == null ? "no such field" : version.toString());
    }
    int v = version.intValue();
    if (v > FORMAT_VERSION) {
      throw new FileFormatException(manifest, "formatVersion", "at most " + FORMAT_VERSION,
          "a file written by a newer SpikeBridge: formatVersion " + v + ", this build reads "
              + FORMAT_VERSION);
    }
    if (v < 1) {
      throw new FileFormatException(manifest, "formatVersion", "1 to " + FORMAT_VERSION, v);
    }
  }

  private static Architecture architecture(Path manifest, JsonNode root) throws FileFormatException {
    JsonNode architecture = required(manifest, root, "architecture").deepCopy();
    // a continuous Rate Norm or integrate-and-fire layer is written without its levels (0), an
    // uncalibrated integrate-and-fire layer without initialMembrane (false), and a convolution
    // with a square window without its rectangle, as before any of them existed
    for (JsonNode layer : architecture.path("layers")) {
      if (layer instanceof ObjectNode o && !o.has("levels")
          && List.of("RateNorm", "IntegrateAndFire").contains(o.path("type").asText())) {
        o.put("levels", 0);
      }
      if (layer instanceof ObjectNode o && !o.has("initialMembrane")
          && o.path("type").asText().equals("IntegrateAndFire")) {
        o.put("initialMembrane", false);
      }
      if (layer instanceof ObjectNode o && !o.has("rectangle") && o.path("type").asText().equals("Conv2d")) {
        o.putObject("rectangle").put("kernelWidth", o.path("kernel").asInt())
            .put("strideWidth", o.path("stride").asInt()).put("padLeft", o.path("padding").asInt())
            .put("padBottom", o.path("padding").asInt()).put("padRight", o.path("padding").asInt());
      }
    }
    return convert(manifest, "architecture", architecture, Architecture.class);
  }

  private static <T> T convert(Path manifest, String field, JsonNode node, Class<T> type)
      throws FileFormatException {
    if (node.isNull()) {
      throw new FileFormatException(manifest, field, "a valid " + field, "null");
    }
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IllegalArgumentException) {
          throw new FileFormatException(manifest, field, "a valid " + field, c.getMessage(), e);
        }
      }
      String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
          ? field + jsonPath(m) : field;
      throw new FileFormatException(manifest, path, "a valid " + field, e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(manifest, field, "a valid " + field, e.getMessage(), e);
    }
  }

  private static Map<String, TensorShape> checkParameters(Path manifest, JsonNode root,
      Architecture architecture) throws FileFormatException {
    JsonNode params = required(manifest, root, "parameters");
    if (!params.isObject()) {
      throw new FileFormatException(manifest, "parameters", "an object of shapes", params.getNodeType());
    }
    Map<String, TensorShape> expected = architecture.parameterShapes();
    Map<String, TensorShape> found = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "parameters." + e.getKey();
      if (!expected.containsKey(e.getKey())) {
        throw new FileFormatException(manifest, field, "only the parameters of the architecture "
            + expected.keySet(), "a parameter no layer owns");
      }
      TensorShape shape = convert(manifest, field, e.getValue(), TensorShape.class);
      if (!shape.equals(expected.get(e.getKey()))) {
        throw new FileFormatException(manifest, field, "shape " + expected.get(e.getKey())
            + " (from the architecture)", shape);
      }
      found.put(e.getKey(), shape);
    }
    for (Map.Entry<String, TensorShape> e : expected.entrySet()) {
      if (!found.containsKey(e.getKey())) {
        throw new FileFormatException(manifest, "parameters." + e.getKey(), "an entry of shape "
            + e.getValue() + " (the architecture has this parameter)", "none");
      }
    }
    return expected;
  }

  /**
   * Whether {@code name} names a file in the manifest's own folder: not empty, not starting with a
   * dot, and without separators or control characters (a newline once let a name reach elsewhere).
   */
  private static boolean isPlainFileName(String name) {
    return !name.isEmpty() && !name.startsWith(".")
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
  }

  private static Path checkWeightsFile(Path manifest, Path dir, JsonNode w) throws IOException {
    JsonNode file = w.get("file");
    if (file == null || !file.isTextual() || !isPlainFileName(file.textValue())) {
      throw new FileFormatException(manifest, "weights.file", "a file name in the same folder",
          file == null ? "no such field" : file.toString());
    }
    JsonNode bytes = w.get("bytes");
    if (bytes == null || !bytes.isIntegralNumber() || !bytes.canConvertToLong()) {
      throw new FileFormatException(manifest, "weights.bytes", "the size in bytes",
          bytes == null ? "no such field" : bytes.toString());
    }
    JsonNode sha = w.get("sha256");
    if (sha == null || !sha.isTextual()) {
      throw new FileFormatException(manifest, "weights.sha256", "a hex SHA-256",
          sha == null ? "no such field" : sha.toString());
    }
    Path weights = dir.resolve(file.textValue());
    if (!Files.isRegularFile(weights)) {
      throw new FileFormatException(weights, "file", "the weights named in " + manifest,
          "no such file: " + weights + " is missing");
    }
    long size = Files.size(weights);
    if (size != bytes.longValue()) {
      throw new FileFormatException(weights, "size", bytes.longValue() + " bytes (weights.bytes in "
          + manifest + ")", size + " bytes (truncated, or not the weights of this manifest)");
    }
    String actual = sha256(weights);
    if (!actual.equalsIgnoreCase(sha.textValue())) {
      throw new FileFormatException(weights, "SHA-256", sha.textValue() + " (weights.sha256 in "
          + manifest + ")", actual + " (not the weights of this manifest)");
    }
    return weights;
  }

  private static void checkTensors(Path weights, Map<String, TensorShape> shapes,
      Map<String, Tensor> tensors) throws FileFormatException {
    for (Map.Entry<String, TensorShape> e : shapes.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        throw new FileFormatException(weights, "tensor '" + e.getKey() + "'", "a tensor of shape "
            + e.getValue() + " (listed in the manifest)", "none");
      }
      if (!t.shape().equals(e.getValue())) {
        throw new FileFormatException(weights, "tensor '" + e.getKey() + "'", "shape "
            + e.getValue() + " (from the manifest)", t.shape());
      }
    }
    for (String name : tensors.keySet()) {
      if (!shapes.containsKey(name)) {
        throw new FileFormatException(weights, "tensor '" + name + "'",
            "only the parameters listed in the manifest", "a tensor the manifest does not list");
      }
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      int bad = e.getValue().firstNonFinite();
      if (bad >= 0) {
        throw new FileFormatException(weights, "tensor '" + e.getKey() + "'", "finite values",
            e.getValue().data()[bad] + " at flat index " + bad);
      }
    }
  }

  private static JsonNode required(Path manifest, JsonNode root, String field)
      throws FileFormatException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new FileFormatException(manifest, field, "a \"" + field + "\" section", "none");
    }
    return node;
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return sb.toString();
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = Sha256.digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
