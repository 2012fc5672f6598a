package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;

/**
 * Imports a trained ANN from an ONNX file as a SpikeBridge {@link Network}: every node becomes a
 * layer of the network description (see {@link #SUPPORTED_OPERATORS}) or is refused, with one line
 * naming the node and its operator, before anything is written. The network's provenance records
 * the source file's name and SHA-256, its producer, IR version and opset.
 *
 * <pre>{@code
 * OnnxImport.Imported imported = OnnxImport.read(Path.of("model.onnx"), "my import", Map.of());
 * NetworkFiles.save(imported.network(), Path.of("runs/model"));
 * }</pre>
 */
public final class OnnxImport {
  /** The operators an imported graph may hold. */
  public static final List<String> SUPPORTED_OPERATORS = GraphTranslation.SUPPORTED;

  /** The oldest and newest versions of the default operator set that import reads. */
  public static final int MIN_OPSET = 6;

  /** The newest version of the default operator set that import reads. */
  public static final int MAX_OPSET = 21;

  private OnnxImport() {}

  /**
   * A network read from ONNX, and what the import changed on the way that a user should know
   * (a dropped Softmax, a Clip turned into a Rate Norm Layer).
   *
   * @param network the network, in inference form
   * @param notices one line each
   */
  public record Imported(Network network, List<String> notices) {}

  /**
   * Reads {@code file}.
   *
   * @param command the command line to record in the provenance
   * @param versions versions to record (SpikeBridge, Java, …)
   * @throws IOException if the file cannot be read
   * @throws OnnxImportException if it is not ONNX or holds what SpikeBridge does not convert
   */
  public static Imported read(Path file, String command, Map<String, String> versions)
      throws IOException {
    byte[] bytes = readBytes(file);
    String source = file.getFileName().toString();
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(source + ": not an ONNX model (its protobuf does not parse: "
          + e.getMessage() + ")", e);
    }
    if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxImportException(source + ": not an ONNX model (no IR version or no graph "
          + "nodes)");
    }
    int opset = opset(model, source);
    try {
      GraphTranslation.Result r = GraphTranslation.translate(model.getGraph(), opset,
          file.toAbsolutePath().getParent());
      String name = source.replaceFirst("\\.onnx$", "");
      Architecture arch = new Architecture(name, r.inputShape(),
          Math.toIntExact(lastShape(r).size()), r.layers());
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("import.source", source);
      settings.put("import.sha256", sha256(bytes));
      settings.put("import.producer", (model.getProducerName() + " " + model.getProducerVersion())
          .trim());
      settings.put("import.irVersion", Long.toString(model.getIrVersion()));
      settings.put("import.opset", Integer.toString(opset));
      if (!r.notices().isEmpty()) {
        settings.put("import.notices", String.join("; ", r.notices()));
      }
      Provenance provenance = new Provenance("none", 0, command, versions, settings);
      return new Imported(new Network(arch, r.parameters(), provenance), r.notices());
    } catch (IllegalArgumentException e) {
      throw new OnnxImportException(source + ": " + e.getMessage(), e);
    }
  }

  private static org.spikebridge.network.TensorShape lastShape(GraphTranslation.Result r) {
    return Architecture.inferShapes(r.inputShape(), r.layers())
        .get(r.layers().get(r.layers().size() - 1).name());
  }

  private static byte[] readBytes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such ONNX file");
    }
    if (Files.size(file) > Integer.MAX_VALUE - 8) {
      throw new OnnxImportException(file + ": " + Files.size(file) + " bytes; a model over 2 GiB "
          + "keeps its weights as external data beside it");
    }
    return Files.readAllBytes(file);
  }

  /** The version of the default operator set; an exception outside MIN_OPSET..MAX_OPSET. */
  private static int opset(ModelProto model, String source) {
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        long v = o.getVersion();
        if (v < MIN_OPSET || v > MAX_OPSET) {
          throw new OnnxImportException(source + ": opset " + v + " of the default domain; "
              + "SpikeBridge reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
        }
        return (int) v;
      }
    }
    throw new OnnxImportException(source + ": imports no version of the default ONNX operator set");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
