package org.spikebridge.simulate.event;

/**
 * The event engine's kernel: a spike adds a run of weights to a run of currents,
 * current[o0 + o] += weights[w0 + o] for o &lt; n, and its analog counterpart, a sum of weight
 * runs scaled by values ({@link #addProducts}). With the JDK's Vector API present (the JVM started
 * with {@code --add-modules jdk.incubator.vector}, as {@code ./spikebridge} and the tests
 * do) the run is added a full SIMD register at a time; without it, by a plain loop. Both add each
 * element once, in float, without fused multiply-add, so they give the same currents bit for bit.
 *
 * <p>The plain loop is what the JIT makes of it: on this project's machine it vectorizes poorly on
 * runs of a few dozen floats (pre- and post-loops), about a quarter of the Vector API's rate.
 */
public final class WeightRuns {
  /** Whether the Vector API is used: present in the boot layer and not switched off. */
  private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("spikebridge.scalarKernel");

  private WeightRuns() {}

  /** Whether runs are added with the Vector API (else with plain loops). */
  public static boolean vectorized() {
    return VECTOR;
  }

  /** The floats a run adds at once: a SIMD register's lanes with the Vector API, else 1. */
  public static int lanes() {
    return VECTOR ? VectorWeightRuns.lanes() : 1;
  }

  /** current[o0 + o] += weights[w0 + o] for o &lt; n. */
  public static void add(float[] weights, int w0, float[] current, int o0, int n) {
    if (VECTOR) {
      VectorWeightRuns.add(weights, w0, current, o0, n);
    } else {
      addPlain(weights, w0, current, o0, n);
    }
  }

  /** current[o0 + o] += value · weights[w0 + o] for o &lt; n (a product, then a sum). */
  public static void addScaled(float[] weights, int w0, float value, float[] current, int o0, int n) {
    if (VECTOR) {
      VectorWeightRuns.addScaled(weights, w0, value, current, o0, n);
    } else {
      addScaledPlain(weights, w0, value, current, o0, n);
    }
  }

  /**
   * current[o0 + o] += x_j · weights[w_j + shift + o] for o &lt; n, for the terms j from {@code
   * from} to {@code to} − 1, each a pair (terms[2j], terms[2j + 1]) = (x_j's float bits, w_j), added
   * one after the other (a product, then a sum) to each output: a gather ({@link AnalogGather}),
   * each output's sum held in a register while the terms go by.
   */
  static void addProducts(int[] terms, int from, int to, int shift, float[] weights, float[] current,
      int o0, int n) {
    int o = VECTOR ? VectorWeightRuns.addProducts(terms, from, to, shift, weights, current, o0, n) : 0;
    for (; o < n; o++) {
      float sum = current[o0 + o];
      for (int j = from; j < to; j++) {
        sum += Float.intBitsToFloat(terms[2 * j]) * weights[terms[2 * j + 1] + shift + o];
      }
      current[o0 + o] = sum;
    }
  }

  /** {@link #add} by a plain loop. */
  static void addPlain(float[] weights, int w0, float[] current, int o0, int n) {
    for (int o = 0; o < n; o++) {
      current[o0 + o] += weights[w0 + o];
    }
  }

  /** {@link #addScaled} by a plain loop. */
  static void addScaledPlain(float[] weights, int w0, float value, float[] current, int o0, int n) {
    for (int o = 0; o < n; o++) {
      current[o0 + o] += value * weights[w0 + o];
    }
  }
}
