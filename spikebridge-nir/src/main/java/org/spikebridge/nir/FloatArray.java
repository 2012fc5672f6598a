package org.spikebridge.nir;

import java.util.Arrays;

/**
 * A float32 array of a NIR node (a weight, a threshold): its dimensions and its values in
 * row-major order.
 *
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param data the values (not copied: do not change them)
 */
public record FloatArray(int[] shape, float[] data) {

  /** Checks that {@code data} holds as many values as {@code shape} says. */
  public FloatArray {
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    if (size != data.length) {
      throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " needs "
          + size + " values, found " + data.length);
    }
    shape = shape.clone();
  }

  /** An array of shape {@code shape} with every value {@code value}. */
  public static FloatArray filled(int[] shape, float value) {
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] data = new float[Math.toIntExact(size)];
    Arrays.fill(data, value);
    return new FloatArray(shape, data);
  }

  /** The dimensions (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "float32" + Arrays.toString(shape);
  }
}
