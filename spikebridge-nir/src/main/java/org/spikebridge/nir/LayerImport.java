package org.spikebridge.nir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * The SpikeBridge layers of NIR's synaptic nodes: {@code Conv2d} (dilation 1, one group) as
 * Conv2d, {@code Affine} and {@code Linear} as Linear with and without bias, {@code SumPool2d} and
 * {@code AvgPool2d} (square windows) as AvgPool2d, {@code Flatten} of a whole input as Flatten.
 * A {@code SumPool2d} becomes an average and its k² goes into the weights of the node that reads it
 * ({@code scale} here); each field is checked against the shape of the node's input.
 */
final class LayerImport {
  /** The NIR node types this class translates. */
  static final List<String> TYPES = List.of("Conv2d", "Affine", "Linear", "SumPool2d", "AvgPool2d",
      "Flatten");

  private LayerImport() {}

  /**
   * The layer of node {@code f} reading {@code input} of shape {@code in}, with weights times
   * {@code scale} (the k² of a sum pooling before it, else 1).
   */
  static ImportedLayer translate(NirNode node, NodeFields f, String input, TensorShape in,
      float scale) throws FileFormatException {
    String name = node.name();
    List<String> inputs = List.of(input);
    if (LinearNodes.PER_CHANNEL_MAP.equals(f.metadata().get(LinearNodes.LAYER))) {
      return perChannelMap(name, f, inputs, in, scale);
    }
    switch (node.type()) {
      case "Conv2d":
        return conv(name, f, inputs, in, scale);
      case "Affine":
      case "Linear":
        return linear(name, node.type().equals("Affine"), f, inputs, in, scale);
      case "SumPool2d":
      case "AvgPool2d":
        requireRank(f, in, 3);
        int k = square(f, "kernel_size");
        Layer pool = new Layer.AvgPool2d(name, inputs, k, square(f, "stride"), square(f, "padding"));
        return new ImportedLayer(pool, Map.of(), node.type().equals("SumPool2d") ? k * k : 1f);
      case "Flatten":
        return flatten(name, f, inputs, in);
      default:
        throw new IllegalArgumentException("not a synaptic node type: " + node.type());
    }
  }

  private static ImportedLayer conv(String name, NodeFields f, List<String> inputs, TensorShape in,
      float scale) throws FileFormatException {
    requireRank(f, in, 3);
    FloatArray w = f.floats("weight");
    int[] ws = w.shape();
    if (ws.length != 4 || ws[1] != in.dim(0)) {
      throw f.error("weight", "shape [out, " + in.dim(0) + ", kh, kw] for the input " + in,
          Arrays.toString(ws));
    }
    FloatArray bias = f.optionalFloats("bias", ws[0]);
    long[] stride = f.integers("stride", 2);
    long[] padding = f.integers("padding", 2);
    requireOnes(f, "dilation", 2);
    if (f.has("groups") && f.integer("groups") != 1) {
      throw f.error("groups", "1", f.integer("groups"));
    }
    if (f.has("input_shape")) {
      long[] hw = f.integers("input_shape", 2);
      if (hw[0] != in.dim(1) || hw[1] != in.dim(2)) {
        throw f.error("input_shape", "[" + in.dim(1) + ", " + in.dim(2) + "] (the input " + in
            + ")", Arrays.toString(hw));
      }
    }
    Layer.Conv2d conv = new Layer.Conv2d(name, inputs, ws[1], ws[0], ws[2], toInt(f, "stride",
        stride[0]), toInt(f, "padding", padding[0]), bias != null, new Layer.Conv2d.Rectangle(ws[3],
        toInt(f, "stride", stride[1]), toInt(f, "padding", padding[1]),
        toInt(f, "padding", padding[0]), toInt(f, "padding", padding[1])));
    return new ImportedLayer(conv, parameters(name, w, bias, scale));
  }

  private static ImportedLayer linear(String name, boolean withBias, NodeFields f,
      List<String> inputs, TensorShape in, float scale) throws FileFormatException {
    FloatArray w = f.floats("weight");
    int[] ws = w.shape();
    if (ws.length != 2 || in.rank() != 1 || ws[1] != in.dim(0)) {
      throw f.error("weight", "shape [out, " + in.size() + "] for the input " + in
          + (in.rank() == 1 ? "" : " (flatten it first)"), Arrays.toString(ws));
    }
    FloatArray bias = withBias ? f.floats("bias", ws[0]) : null;
    Layer.Linear linear = new Layer.Linear(name, inputs, ws[1], ws[0], withBias);
    return new ImportedLayer(linear, parameters(name, w, bias, scale));
  }

  /**
   * The per-channel Affine map SpikeBridge exports as a diagonal node: its weight is the diagonal
   * of the node's [C, C] (or [C, C, 1, 1]) weight, which must be zero elsewhere, times
   * {@code scale}.
   */
  private static ImportedLayer perChannelMap(String name, NodeFields f, List<String> inputs,
      TensorShape in, float scale) throws FileFormatException {
    int c = in.dim(0);
    FloatArray w = in.rank() == 1 ? f.floats("weight", c, c) : f.floats("weight", c, c, 1, 1);
    FloatArray bias = f.floats("bias", c);
    float[] diagonal = new float[c];
    for (int i = 0; i < c * c; i++) {
      if (i % (c + 1) == 0) {
        diagonal[i / (c + 1)] = w.data()[i] * scale;
      } else if (w.data()[i] != 0) {
        throw f.error("weight", "a diagonal weight (metadata " + LinearNodes.LAYER + " = "
            + LinearNodes.PER_CHANNEL_MAP + ")", w.data()[i] + " off the diagonal");
      }
    }
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put(name + ".weight", new Tensor(TensorShape.of(c), diagonal));
    p.put(name + ".bias", new Tensor(TensorShape.of(c), bias.data()));
    return new ImportedLayer(new Layer.Affine(name, inputs, c), p);
  }

  private static ImportedLayer flatten(String name, NodeFields f, List<String> inputs,
      TensorShape in) throws FileFormatException {
    long start = f.integer("start_dim");
    long end = f.integer("end_dim");
    if (start != 0 || (end != -1 && end != in.rank() - 1)) {
      throw f.error("start_dim, end_dim", "0 and -1 (the whole input " + in + ")", start + " and "
          + end);
    }
    if (f.has("input_type")) {
      long[] type = f.integers("input_type", in.rank());
      if (!Arrays.equals(type, Arrays.stream(in.dims()).asLongStream().toArray())) {
        throw f.error("input_type", in.toString(), Arrays.toString(type));
      }
    }
    return new ImportedLayer(new Layer.Flatten(name, inputs));
  }

  private static Map<String, Tensor> parameters(String name, FloatArray w, FloatArray bias,
      float scale) {
    float[] weight = w.data();
    if (scale != 1f) {
      weight = weight.clone();
      for (int i = 0; i < weight.length; i++) {
        weight[i] *= scale;
      }
    }
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put(name + ".weight", new Tensor(TensorShape.of(w.shape()), weight));
    if (bias != null) {
      p.put(name + ".bias", new Tensor(TensorShape.of(bias.shape()), bias.data()));
    }
    return p;
  }

  /** The one value of a field that must be the same in both dimensions of a square window. */
  private static int square(NodeFields f, String field) throws FileFormatException {
    long[] v = f.integers(field, 2);
    if (v[0] != v[1]) {
      throw f.error(field, "the same value for height and width (SpikeBridge pools square "
          + "windows)", Arrays.toString(v));
    }
    return toInt(f, field, v[0]);
  }

  private static void requireOnes(NodeFields f, String field, int count)
      throws FileFormatException {
    if (f.has(field) && Arrays.stream(f.integers(field, count)).anyMatch(v -> v != 1)) {
      throw f.error(field, "1 in every dimension", Arrays.toString(f.integers(field, count)));
    }
  }

  private static void requireRank(NodeFields f, TensorShape in, int rank)
      throws FileFormatException {
    if (in.rank() != rank) {
      throw f.error("an input of rank " + rank, "the input " + in);
    }
  }

  private static int toInt(NodeFields f, String field, long value) throws FileFormatException {
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw f.error(field, "a value from 0 to 2^31 - 1", value);
    }
    return (int) value;
  }
}
