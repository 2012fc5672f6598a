package org.spikebridge.simulate.event;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WeightRuns} with the Vector API, in the widest registers the CPU has; the tail of a run
 * shorter than a register is added by a plain loop. Loaded only when the module is present.
 */
final class VectorWeightRuns {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorWeightRuns() {}

  static int lanes() {
    return SPECIES.length();
  }

  static void add(float[] weights, int w0, float[] current, int o0, int n) {
    int o = 0;
    for (int bound = SPECIES.loopBound(n); o < bound; o += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, current, o0 + o)
          .add(FloatVector.fromArray(SPECIES, weights, w0 + o))
          .intoArray(current, o0 + o);
    }
    WeightRuns.addPlain(weights, w0 + o, current, o0 + o, n - o);
  }

  static void addScaled(float[] weights, int w0, float value, float[] current, int o0, int n) {
    int o = 0;
    for (int bound = SPECIES.loopBound(n); o < bound; o += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, current, o0 + o)
          .add(FloatVector.fromArray(SPECIES, weights, w0 + o).mul(value))
          .intoArray(current, o0 + o);
    }
    WeightRuns.addScaledPlain(weights, w0 + o, value, current, o0 + o, n - o);
  }

  /**
   * {@link WeightRuns#addProducts} for the outputs in full registers, four registers at a time
   * (four independent sums), then two, then one; returns how many outputs it did. Two serve a map
   * of 32 output channels on 16-lane AVX-512 (cnn7's conv2 and conv3: about 10 % off a whole run),
   * where one register at a time would read every term twice, one chain of sums each time.
   */
  static int addProducts(int[] terms, int from, int to, int shift, float[] weights, float[] current,
      int o0, int n) {
    int lanes = SPECIES.length();
    int o = 0;
    for (; o + 4 * lanes <= n; o += 4 * lanes) {
      FloatVector s0 = FloatVector.fromArray(SPECIES, current, o0 + o);
      FloatVector s1 = FloatVector.fromArray(SPECIES, current, o0 + o + lanes);
      FloatVector s2 = FloatVector.fromArray(SPECIES, current, o0 + o + 2 * lanes);
      FloatVector s3 = FloatVector.fromArray(SPECIES, current, o0 + o + 3 * lanes);
      for (int j = from; j < to; j++) {
        float x = Float.intBitsToFloat(terms[2 * j]);
        int w = terms[2 * j + 1] + shift + o;
        s0 = s0.add(FloatVector.fromArray(SPECIES, weights, w).mul(x));
        s1 = s1.add(FloatVector.fromArray(SPECIES, weights, w + lanes).mul(x));
        s2 = s2.add(FloatVector.fromArray(SPECIES, weights, w + 2 * lanes).mul(x));
        s3 = s3.add(FloatVector.fromArray(SPECIES, weights, w + 3 * lanes).mul(x));
      }
      s0.intoArray(current, o0 + o);
      s1.intoArray(current, o0 + o + lanes);
      s2.intoArray(current, o0 + o + 2 * lanes);
      s3.intoArray(current, o0 + o + 3 * lanes);
    }
    for (; o + 2 * lanes <= n; o += 2 * lanes) {
      FloatVector s0 = FloatVector.fromArray(SPECIES, current, o0 + o);
      FloatVector s1 = FloatVector.fromArray(SPECIES, current, o0 + o + lanes);
      for (int j = from; j < to; j++) {
        float x = Float.intBitsToFloat(terms[2 * j]);
        int w = terms[2 * j + 1] + shift + o;
        s0 = s0.add(FloatVector.fromArray(SPECIES, weights, w).mul(x));
        s1 = s1.add(FloatVector.fromArray(SPECIES, weights, w + lanes).mul(x));
      }
      s0.intoArray(current, o0 + o);
      s1.intoArray(current, o0 + o + lanes);
    }
    for (; o + lanes <= n; o += lanes) {
      FloatVector sum = FloatVector.fromArray(SPECIES, current, o0 + o);
      for (int j = from; j < to; j++) {
        sum = sum.add(FloatVector.fromArray(SPECIES, weights, terms[2 * j + 1] + shift + o)
            .mul(Float.intBitsToFloat(terms[2 * j])));
      }
      sum.intoArray(current, o0 + o);
    }
    return o;
  }
}
