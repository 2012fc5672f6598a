package org.spikebridge.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates, at import, the nodes whose inputs are all constants: the shape arithmetic exporters
 * write around a Pad or a flattening Reshape (PyTorch's {@code F.pad} and {@code x.view(x.size(0),
 * -1)} give Shape, Gather, Unsqueeze, Concat, ConstantOfShape, Slice, Transpose and Cast chains).
 * Each operator follows the ONNX specification on row-major tensors held in double precision.
 */
final class ConstantFolding {
  /** The operators folded when every input is a constant. */
  static final Set<String> OPERATORS = Set.of("Cast", "Concat", "Slice", "ConstantOfShape",
      "Gather", "Unsqueeze", "Squeeze", "Reshape", "Transpose");

  /**
   * The most values a ConstantOfShape may make: its constants feed shape arithmetic and fills, and
   * a larger claim would allocate what the file does not hold.
   */
  static final int MAX_FOLDED = 1 << 24;

  private ConstantFolding() {}

  /**
   * The value of a node of type {@code op} with constant {@code inputs} (null for an absent
   * optional input).
   */
  static Constant fold(String op, NodeAttributes a, List<Constant> inputs, int opset) {
    Constant x = input(inputs, 0, "data");
    return switch (op) {
      case "Cast" -> cast(x, a.integer("to", 1));
      case "Concat" -> concat(inputs, axis(a.integer("axis", 0), x.rank()));
      case "Slice" -> opset < 10
          ? slice(x, attribute(a, "starts"), attribute(a, "ends"), longs(a.integers("axes", null)),
              null)
          : slice(x, input(inputs, 1, "starts").longs(), input(inputs, 2, "ends").longs(),
              optional(inputs, 3), optional(inputs, 4));
      case "ConstantOfShape" -> constantOfShape(x, a);
      case "Gather" -> gather(x, input(inputs, 1, "indices"), axis(a.integer("axis", 0), x.rank()));
      case "Unsqueeze" -> unsqueeze(x, opset < 13 ? attribute(a, "axes")
          : input(inputs, 1, "axes").longs());
      case "Squeeze" -> squeeze(x, opset < 13 ? longs(a.integers("axes", null)) : optional(inputs, 1));
      case "Reshape" -> reshape(x, input(inputs, 1, "shape").longs());
      case "Transpose" -> x.transposed(a.integers("perm", reversed(x.rank())));
      default -> throw new IllegalArgumentException("cannot fold " + op);
    };
  }

  /** Input {@code i}, called {@code name} in the message when it is absent. */
  private static Constant input(List<Constant> inputs, int i, String name) {
    if (i >= inputs.size() || inputs.get(i) == null) {
      throw new IllegalArgumentException("input " + i + " (" + name + ") is missing");
    }
    return inputs.get(i);
  }

  /** The integer list attribute {@code name}, which the operator requires. */
  private static long[] attribute(NodeAttributes a, String name) {
    int[] v = a.integers(name, null);
    if (v == null) {
      throw new IllegalArgumentException("attribute '" + name + "' is missing");
    }
    return longs(v);
  }

  private static long[] optional(List<Constant> inputs, int i) {
    return i < inputs.size() && inputs.get(i) != null ? inputs.get(i).longs() : null;
  }

  private static long[] longs(int[] v) {
    return v == null ? null : Arrays.stream(v).asLongStream().toArray();
  }

  private static int axis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= Math.max(rank, 1)) {
      throw new IllegalArgumentException("axis " + axis + " is outside a rank-" + rank + " tensor");
    }
    return (int) a;
  }

  private static int[] reversed(int rank) {
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = rank - 1 - i;
    }
    return perm;
  }

  /** Cast to an ONNX data type: to an integer type by truncation, to a float type unchanged. */
  private static Constant cast(Constant x, long to) {
    boolean integer = Set.of(2L, 3L, 4L, 5L, 6L, 7L, 9L, 12L, 13L).contains(to);
    boolean real = Set.of(1L, 10L, 11L, 16L).contains(to);
    if (!integer && !real) {
      throw new IllegalArgumentException("cast to data type " + to + " is not supported");
    }
    double[] v = x.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = to == 9 ? (v[i] != 0 ? 1 : 0) : integer ? (long) v[i] : to == 1 ? (float) v[i] : v[i];
    }
    return new Constant(x.dims(), v);
  }

  private static Constant concat(List<Constant> parts, int axis) {
    int[] dims = parts.get(0).dims().clone();
    dims[axis] = 0;
    for (int i = 0; i < parts.size(); i++) {
      Constant p = input(parts, i, "a tensor to concatenate");
      if (p.rank() != dims.length) {
        throw new IllegalArgumentException("concatenates tensors of different ranks");
      }
      dims[axis] += p.dims()[axis];
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= dims[i];
    }
    double[] out = new double[Math.toIntExact(Arrays.stream(dims).asLongStream().reduce(1, (p, q) -> p * q))];
    int at = 0;
    for (int o = 0; o < outer; o++) {
      for (Constant p : parts) {
        int block = p.values().length / Math.max(outer, 1);
        System.arraycopy(p.values(), o * block, out, at, block);
        at += block;
      }
    }
    return new Constant(dims, out);
  }

  private static Constant slice(Constant x, long[] starts, long[] ends, long[] axes, long[] steps) {
    if (ends.length != starts.length || axes != null && axes.length != starts.length
        || steps != null && steps.length != starts.length) {
      throw new IllegalArgumentException("starts, ends, axes and steps of different lengths");
    }
    int rank = x.rank();
    int[] from = new int[rank];
    int[] step = new int[rank];
    int[] count = x.dims().clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int axis = axis(axes == null ? i : axes[i], rank);
      int size = x.dims()[axis];
      long s = steps == null ? 1 : steps[i];
      if (s == 0) {
        throw new IllegalArgumentException("slice step 0");
      }
      long b = starts[i] < 0 ? starts[i] + size : starts[i];
      long e = ends[i] < 0 ? ends[i] + size : ends[i];
      b = s > 0 ? Math.max(0, Math.min(b, size)) : Math.max(-1, Math.min(b, size - 1));
      e = s > 0 ? Math.max(0, Math.min(e, size)) : Math.max(-1, Math.min(e, size - 1));
      from[axis] = (int) b;
      step[axis] = (int) s;
      count[axis] = (int) Math.max(0, s > 0 ? (e - b + s - 1) / s : (b - e - s - 1) / -s);
    }
    int[] inStride = Constant.strides(x.dims());
    int[] outStride = Constant.strides(count);
    double[] out = new double[Arrays.stream(count).reduce(1, (p, q) -> p * q)];
    for (int flat = 0; flat < out.length; flat++) {
      int src = 0;
      for (int d = 0; d < rank; d++) {
        src += (from[d] + (flat / outStride[d] % count[d]) * step[d]) * inStride[d];
      }
      out[flat] = x.values()[src];
    }
    return new Constant(count, out);
  }

  private static Constant constantOfShape(Constant shape, NodeAttributes a) {
    long[] dims = shape.longs();
    if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative "
          + "dimension");
    }
    long size = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    if (size > MAX_FOLDED) {
      throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds " + size
          + " values; SpikeBridge folds constants of at most " + MAX_FOLDED + " values");
    }
    double fill = a.attribute("value") == null ? 0 : OnnxTensors.read(a.attribute("value").getT(),
        null).values()[0];
    double[] v = new double[(int) size];
    Arrays.fill(v, fill);
    return new Constant(Arrays.stream(dims).mapToInt(d -> (int) d).toArray(), v);
  }

  private static Constant gather(Constant data, Constant indices, int axis) {
    int[] d = data.dims();
    List<Integer> dims = new ArrayList<>();
    for (int i = 0; i < axis; i++) {
      dims.add(d[i]);
    }
    Arrays.stream(indices.dims()).forEach(dims::add);
    for (int i = axis + 1; i < d.length; i++) {
      dims.add(d[i]);
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= d[i];
    }
    int inner = data.values().length / Math.max(1, outer * d[axis]);
    long[] idx = indices.longs();
    double[] out = new double[outer * idx.length * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < idx.length; j++) {
        long k = idx[j] < 0 ? idx[j] + d[axis] : idx[j];
        if (k < 0 || k >= d[axis]) {
          throw new IllegalArgumentException("gather index " + idx[j] + " outside " + d[axis]);
        }
        System.arraycopy(data.values(), (int) ((o * d[axis] + k) * inner), out,
            (o * idx.length + j) * inner, inner);
      }
    }
    return new Constant(dims.stream().mapToInt(Integer::intValue).toArray(), out);
  }

  private static Constant unsqueeze(Constant x, long[] axes) {
    int rank = x.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      inserted[axis(a, rank)] = true;
    }
    int[] dims = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : x.dims()[j++];
    }
    return new Constant(dims, x.values());
  }

  private static Constant squeeze(Constant x, long[] axes) {
    List<Integer> dims = new ArrayList<>();
    for (int i = 0; i < x.rank(); i++) {
      int axis = i;
      boolean listed = axes == null ? x.dims()[i] == 1
          : Arrays.stream(axes).anyMatch(a -> axis(a, x.rank()) == axis);
      if (!listed) {
        dims.add(x.dims()[i]);
      }
    }
    return new Constant(dims.stream().mapToInt(Integer::intValue).toArray(), x.values());
  }

  private static Constant reshape(Constant x, long[] shape) {
    int[] dims = new int[shape.length];
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        inferred = i;
      } else {
        dims[i] = Math.toIntExact(shape[i] == 0 ? x.dims()[i] : shape[i]);
        known *= dims[i];
      }
    }
    if (inferred >= 0) {
      dims[inferred] = Math.toIntExact(x.values().length / Math.max(known, 1));
    }
    return new Constant(dims, x.values());
  }
}
