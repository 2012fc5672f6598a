package org.spikebridge.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.spikebridge.network.TensorShape;

/**
 * Shapes in an ONNX graph: the network input's, the result of a Reshape or Squeeze, and how a
 * constant broadcasts against a layer output. A shape here leaves out the batch dimension, as
 * SpikeBridge's do; the ONNX shapes it reads have it first.
 */
final class OnnxShapes {
  private OnnxShapes() {}

  /** The graph's one input that is not an initializer; an exception if there is not exactly one. */
  static String inputName(GraphProto graph, Set<String> constants) {
    return input(graph, constants).getName();
  }

  /**
   * The shape of the graph's input without its batch dimension, e.g. [C, H, W] or [F]. Only the
   * batch dimension may be symbolic.
   */
  static TensorShape inputShape(GraphProto graph, Set<String> constants) {
    ValueInfoProto in = input(graph, constants);
    String name = "graph input '" + in.getName() + "'";
    List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
    if (dims.size() < 2) {
      throw new OnnxImportException(name + " has " + dims.size() + " dimensions; expected a batch "
          + "dimension and at least one more ([N, C, H, W] images or [N, F] vectors)");
    }
    int[] shape = new int[dims.size() - 1];
    for (int i = 1; i < dims.size(); i++) {
      TensorShapeProto.Dimension d = dims.get(i);
      if (!d.hasDimValue() || d.getDimValue() <= 0 || d.getDimValue() > Integer.MAX_VALUE) {
        throw new OnnxImportException(name + ": dimension " + i + " is "
            + (d.hasDimParam() ? "the symbol '" + d.getDimParam() + "'" : "not a positive number")
            + "; only the batch dimension (0) may be dynamic");
      }
      shape[i - 1] = (int) d.getDimValue();
    }
    return TensorShape.of(shape);
  }

  /** Refuses a graph input whose elements are not float32. */
  static void requireFloatInput(GraphProto graph, Set<String> constants) {
    ValueInfoProto in = input(graph, constants);
    int type = in.getType().getTensorType().getElemType();
    if (type != TensorProto.DataType.FLOAT_VALUE) {
      throw new OnnxImportException("graph input '" + in.getName() + "': expected float32 "
          + "elements, found data type " + type + " (" + TensorProto.DataType.forNumber(type) + ")");
    }
  }

  private static ValueInfoProto input(GraphProto graph, Set<String> constants) {
    List<ValueInfoProto> inputs = graph.getInputList().stream()
        .filter(v -> !constants.contains(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new OnnxImportException("the graph has " + inputs.size() + " non-constant inputs "
          + inputs.stream().map(ValueInfoProto::getName).toList() + "; expected one (the images)");
    }
    return inputs.get(0);
  }

  /**
   * The shape, batch left out, that Reshape gives {@code x} for the target {@code shape} (batch
   * first; 0 copies a dimension, −1 is inferred); its first entry must keep the batch.
   */
  static int[] reshaped(TensorShape x, long[] shape) {
    if (shape.length == 0 || shape[0] != 0 && shape[0] != -1) {
      throw new IllegalArgumentException("target shape " + Arrays.toString(shape) + " does not "
          + "keep the batch dimension first (0 or -1)");
    }
    int[] in = x.dims();
    int[] out = new int[shape.length - 1];
    int inferred = -1;
    long known = 1;
    for (int i = 1; i < shape.length; i++) {
      long d = shape[i] == 0 && i - 1 < in.length ? in[i - 1] : shape[i];
      if (d == -1 && inferred < 0 && shape[0] == 0) {
        inferred = i - 1;
      } else if (d <= 0) {
        throw new IllegalArgumentException("target shape " + Arrays.toString(shape)
            + " has entry " + shape[i] + " that SpikeBridge cannot resolve");
      } else {
        out[i - 1] = Math.toIntExact(d);
        known *= d;
      }
    }
    if (inferred >= 0) {
      if (x.size() % known != 0) {
        throw new IllegalArgumentException("target shape " + Arrays.toString(shape) + " does not "
            + "divide " + x.size() + " values");
      }
      out[inferred] = Math.toIntExact(x.size() / known);
    }
    return out;
  }

  /** The shape, batch left out, that Squeeze gives {@code x} for {@code axes} (null: all 1s). */
  static int[] squeezed(TensorShape x, int[] axes) {
    int rank = x.rank() + 1;
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i < rank; i++) {
      int axis = i;
      boolean listed = axes == null ? x.dim(i - 1) == 1
          : Arrays.stream(axes).anyMatch(a -> a == axis || a + rank == axis);
      if (!listed) {
        out.add(x.dim(i - 1));
      } else if (x.dim(i - 1) != 1) {
        throw new IllegalArgumentException("squeezes axis " + i + " of size " + x.dim(i - 1));
      }
    }
    if (axes != null && Arrays.stream(axes).anyMatch(a -> a == 0 || a == -rank)) {
      throw new IllegalArgumentException("squeezes the batch dimension");
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The per-channel values of constant {@code c} broadcast (NumPy rules, aligned on the right)
   * against a layer output of shape {@code x} plus a batch dimension: a scalar gives one value for
   * every channel; [C, 1, 1], [1, C, 1, 1] or, for a flat [F] output, [F] one per channel.
   * Anything that varies along another dimension is refused.
   */
  static double[] perChannel(Constant c, TensorShape x) {
    int channels = x.dim(0);
    double[] out = new double[channels];
    if (c.values().length == 1) {
      Arrays.fill(out, c.values()[0]);
      return out;
    }
    int rank = x.rank() + 1;
    int[] d = c.dims();
    boolean fits = d.length <= rank;
    for (int j = 0; fits && j < d.length; j++) {
      int full = rank - d.length + j;
      fits = d[j] == (full == 1 ? channels : 1);
    }
    if (!fits || d.length < rank - 1) {
      throw new IllegalArgumentException("a constant of shape " + Arrays.toString(d) + " on an "
          + "output of shape " + x + ": only scalars and one value per channel ([C, 1, 1]) are "
          + "supported");
    }
    return c.values().clone();
  }
}
