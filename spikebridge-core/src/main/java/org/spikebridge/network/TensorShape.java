package org.spikebridge.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The dimensions of a tensor, outermost first, without the batch dimension (e.g. C, H, W). */
public final class TensorShape {
  private final int[] dims;

  private TensorShape(int[] dims) {
    long size = 1;
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor dimensions must be positive, found " + Arrays.toString(dims));
      }
      if (size > Long.MAX_VALUE / d) {
        throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(dims)
            + " has more than 2^63 elements");
      }
      size *= d;
    }
    this.dims = dims.clone();
  }

  /** A shape with the given dimensions; each must be positive, their product below 2^63. */
  @JsonCreator
  public static TensorShape of(int... dims) {
    return new TensorShape(dims);
  }

  /** The dimensions, outermost first (a copy). */
  @JsonValue
  public int[] dims() {
    return dims.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Size of dimension {@code i}. */
  public int dim(int i) {
    return dims[i];
  }

  /** Number of elements: the product of the dimensions. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorShape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
