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
}
