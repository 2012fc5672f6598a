package org.spikebridge.onnx;

import java.util.Arrays;

/**
 * A constant tensor of the graph (an initializer or a Constant node's value) in double precision,
 * whatever its stored type, with its dimensions in ONNX order (row-major).
 *
 * @param dims the dimensions, batch included where the tensor has one
 * @param values the elements in row-major order
 */
record Constant(int[] dims, double[] values) {

  /** Checks that the element count matches the dimensions. */
  Constant {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException("a constant of shape " + Arrays.toString(dims) + " needs "
          + size + " values, found " + values.length);
    }
  }

  /** The number of dimensions. */
  int rank() {
    return dims.length;
  }

  /** The values as integers (shapes, axes, pads); an exception if one is not an integer. */
  long[] longs() {
    long[] out = new long[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) values[i];
      if (out[i] != values[i]) {
        throw new IllegalArgumentException("expected integers, found " + values[i]);
      }
    }
    return out;
  }

  /** The values as floats for a network parameter. */
  float[] floats() {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /** The transpose by {@code perm} (the ONNX Transpose operator), e.g. {1, 0} for a matrix. */
  Constant transposed(int[] perm) {
    int n = dims.length;
    int[] outDims = new int[n];
    for (int i = 0; i < n; i++) {
      outDims[i] = dims[perm[i]];
    }
    int[] inStrides = strides(dims);
    int[] outStrides = strides(outDims);
    double[] out = new double[values.length];
    for (int flat = 0; flat < out.length; flat++) {
      int src = 0;
      for (int i = 0; i < n; i++) {
        src += (flat / outStrides[i] % outDims[i]) * inStrides[perm[i]];
      }
      out[flat] = values[src];
    }
    return new Constant(outDims, out);
  }

  /** Row-major strides of a tensor with dimensions {@code dims}. */
  static int[] strides(int[] dims) {
    int[] s = new int[dims.length];
    int stride = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = stride;
      stride *= dims[i];
    }
    return s;
  }
}
