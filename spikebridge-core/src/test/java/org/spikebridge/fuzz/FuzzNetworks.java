package org.spikebridge.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Networks for the seeds of the campaigns that read network folders, the fix-up that keeps a
 * folder's manifest in step with its mutated weights, and the check of a loaded network.
 */
public final class FuzzNetworks {
  /** The largest network {@link #check} runs (activations plus parameters, in values). */
  private static final long RUN_LIMIT = 1_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private FuzzNetworks() {}

  /**
   * Two small networks with seeded weights that hold every layer type: a perceptron (Flatten,
   * Linear, Rate Norm, Dropout) and a convolutional one (square and rectangular Conv2d, BatchNorm,
   * ReLU, max and average pooling, Affine, integrate-and-fire with per-channel thresholds, Add).
   */
  public static List<Network> small() {
    Architecture mlp = new Architecture("fuzz-mlp", TensorShape.of(1, 4, 4), 3, List.of(
        new Layer.Flatten("flatten", List.of(Architecture.INPUT)),
        new Layer.Linear("fc1", List.of("flatten"), 16, 8, true),
        new Layer.RateNorm("rnl1", List.of("fc1"), 0.1, 4),
        new Layer.Dropout("drop", List.of("rnl1"), 0.5),
        new Layer.Linear("fc2", List.of("drop"), 8, 3, false)));
    Architecture conv = new Architecture("fuzz-conv", TensorShape.of(2, 6, 6), 4, List.of(
        new Layer.Conv2d("conv1", List.of(Architecture.INPUT), 2, 3, 3, 1, 1, true),
        new Layer.BatchNorm2d("bn1", List.of("conv1"), 3, 1e-5, 0.1),
        new Layer.Relu("relu1", List.of("bn1")),
        new Layer.Conv2d("conv2", List.of("relu1"), 3, 3, 3, 1, 1, false,
            new Layer.Conv2d.Rectangle(1, 1, 0, 1, 0)),
        new Layer.Add("add", List.of("conv2", "relu1")),
        new Layer.IntegrateAndFire("if1", List.of("add"), true),
        new Layer.MaxPool2d("pool1", List.of("if1"), 2, 2, 0),
        new Layer.Affine("scale", List.of("pool1"), 3),
        new Layer.AvgPool2d("pool2", List.of("scale"), 3, 3, 0),
        new Layer.Flatten("flatten", List.of("pool2")),
        new Layer.Linear("fc", List.of("flatten"), 3, 4, true)));
    return List.of(random(mlp, 11), random(conv, 12));
  }

  /** {@code architecture} with parameters drawn from {@code seed}, positive where they must be. */
  private static Network random(Architecture architecture, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    architecture.parameterShapes().forEach((name, shape) -> {
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble(0.5, 1.5);
      }
      parameters.put(name, new Tensor(shape, values));
    });
    return new Network(architecture, parameters, new Provenance("fuzz", seed, "fuzz seed",
        Map.of("spikebridge", "test"), Map.of("activation", "fuzz")));
  }

  /**
   * A fix-up for cases of network folders: three times in four, after a {@code weights.safetensors}
   * was mutated, the {@code network.json} beside it gets the new file's size and SHA-256, so that
   * the mutation reaches the tensors instead of stopping at the checksum.
   */
  public static FuzzCampaign.FixUp manifestChecksums() {
    return (files, mutated, random) -> {
      String manifest = mutated.replaceFirst("weights\\.safetensors$", "network.json");
      if (manifest.equals(mutated) || !files.containsKey(manifest) || random.nextInt(4) == 0) {
        return;
      }
      byte[] weights = files.get(mutated);
      try {
        ObjectNode root = (ObjectNode) JSON.readTree(files.get(manifest));
        ((ObjectNode) root.get("weights")).put("sha256", sha256(weights)).put("bytes", weights.length);
        files.put(manifest, JSON.writeValueAsBytes(root));
      } catch (IOException e) {
        throw new IllegalStateException("a seed's manifest is not JSON", e);
      }
    };
  }

  /**
   * Checks a loaded network: its output has one value per class, and when it is small enough its
   * forward pass on a zero input gives that many values.
   */
  public static void check(Network network) {
    Architecture a = network.architecture();
    Map<String, TensorShape> shapes = a.outputShapes();
    TensorShape out = shapes.get(a.layers().get(a.layers().size() - 1).name());
    if (!out.equals(TensorShape.of(a.numClasses()))) {
      throw new AssertionError("output " + out + " for " + a.numClasses() + " classes");
    }
    long size = shapes.values().stream().mapToLong(TensorShape::size).sum()
        + network.parameters().values().stream().mapToLong(t -> t.data().length).sum();
    if (size > RUN_LIMIT) {
      return;
    }
    float[] logits = AnalogReference.logits(network, new float[(int) a.inputShape().size()], 1);
    if (logits.length != a.numClasses()) {
      throw new AssertionError(logits.length + " logits for " + a.numClasses() + " classes");
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
