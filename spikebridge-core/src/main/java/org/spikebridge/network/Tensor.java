package org.spikebridge.network;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order: a parameter or buffer of a network.
 *
 * @param shape its dimensions
 * @param data its values, {@code shape.size()} of them (not copied: do not change them)
 */
public record Tensor(TensorShape shape, float[] data) {

  /** Checks that the data has exactly as many values as the shape says. */
  public Tensor {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "tensor of shape " + shape + " needs " + shape.size() + " values, found " + data.length);
    }
  }

  /** A tensor of the given shape filled with {@code value}. */
  public static Tensor filled(TensorShape shape, float value) {
    float[] data = new float[Math.toIntExact(shape.size())];
    Arrays.fill(data, value);
    return new Tensor(shape, data);
  }

  /** Index of the first NaN or infinite value, or -1 when all values are finite. */
  public int firstNonFinite() {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + shape;
  }
}
