package org.spikebridge.simulate.event;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.ResetMode;

/**
 * {@link IntegrateAndFireNeuron#chargeAndFire} a full SIMD register of neurons at a time. Spikes
 * are sparse, so most registers hold no neuron at its threshold (m &lt; θ in every lane): they are
 * charged and stored as they are. In a register where some neuron fires, each lane keeps m or
 * its {@link ResetMode#afterSpike} (m − θ, or 0), and the firing lanes are read from the sign bits
 * of m − θ, as the plain loop decides,
 * gathered into a bit mask by a sum of lane bits (Java 17's {@code VectorMask.toLong} is not
 * compiled to a single instruction). The neurons past the last full register go through the plain
 * loop. The result is the plain loop's bit for bit whenever no potential is NaN. Loaded only when
 * the Vector API module is present.
 */
final class VectorFiring {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
  /** Lane j holds 2^j. */
  private static final IntVector LANE_BITS = IntVector.broadcast(INTS, 1)
      .lanewise(VectorOperators.LSHL, IntVector.zero(INTS).addIndex(1));

  private static final FloatVector ZEROS = FloatVector.zero(SPECIES);

  private VectorFiring() {}

  /** {@link IntegrateAndFireNeuron#chargeAndFire} of neurons 0 to {@code neurons − 1}. */
  static int chargeAndFire(float[] v, float[] current, float[] theta, ResetMode reset, int neurons,
      int[] spikes) {
    boolean toZero = reset == ResetMode.ZERO;
    int count = 0;
    int i = 0;
    for (int bound = SPECIES.loopBound(neurons); i < bound; i += SPECIES.length()) {
      FloatVector m = FloatVector.fromArray(SPECIES, v, i).add(FloatVector.fromArray(SPECIES, current, i));
      FloatVector t = FloatVector.fromArray(SPECIES, theta, i);
      VectorMask<Float> fire = m.compare(VectorOperators.GE, t);
      if (!fire.anyTrue()) {
        m.intoArray(v, i);
        continue;
      }
      FloatVector above = m.sub(t);
      // ResetMode#afterSpike a register at a time
      m.blend(toZero ? ZEROS : above, fire).intoArray(v, i);
      int fired = above.reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not().and(LANE_BITS)
          .reduceLanes(VectorOperators.ADD);
      for (; fired != 0; fired &= fired - 1) {
        spikes[count++] = i + Integer.numberOfTrailingZeros(fired);
      }
    }
    return IntegrateAndFireNeuron.chargeAndFire(v, current, theta, reset, spikes, i, neurons, count);
  }

  /**
   * {@link IntegrateAndFireNeuron#chargeAndFireSigned} of the neurons in full registers, adding to
   * the lists after the {@code tally} they hold: a register where no lane reaches θ and none falls
   * below 0 is stored as charged; otherwise each lane keeps m, m − θ where it fires or m + θ where
   * it takes a spike back (m &lt; 0 and a positive count), and both lists are read from the masks'
   * lane bits. Returns the first neuron left to the plain loop.
   */
  static int chargeAndFireSigned(float[] v, float[] current, float[] theta, int[] counts, int neurons,
      int[] fired, int[] withdrawn, int[] tally) {
    int up = tally[0];
    int down = tally[1];
    int i = 0;
    for (int bound = SPECIES.loopBound(neurons); i < bound; i += SPECIES.length()) {
      FloatVector m = FloatVector.fromArray(SPECIES, v, i).add(FloatVector.fromArray(SPECIES, current, i));
      FloatVector t = FloatVector.fromArray(SPECIES, theta, i);
      VectorMask<Float> fire = m.compare(VectorOperators.GE, t);
      VectorMask<Float> below = m.compare(VectorOperators.LT, 0f);
      if (!fire.anyTrue() && !below.anyTrue()) {
        m.intoArray(v, i);
        continue;
      }
      VectorMask<Float> back = below.and(IntVector.fromArray(INTS, counts, i)
          .compare(VectorOperators.GT, 0).cast(SPECIES)).andNot(fire);
      m.blend(m.sub(t), fire).blend(m.add(t), back).intoArray(v, i);
      for (int bits = laneBits(fire); bits != 0; bits &= bits - 1) {
        fired[up++] = i + Integer.numberOfTrailingZeros(bits);
      }
      for (int bits = laneBits(back); bits != 0; bits &= bits - 1) {
        withdrawn[down++] = i + Integer.numberOfTrailingZeros(bits);
      }
    }
    tally[0] = up;
    tally[1] = down;
    return i;
  }

  /** {@link Firing#live} of the neurons in full registers, a register at a time; returns how many. */
  static int live(float[] v0, float[] current, float[] theta, int[] live) {
    int count = 0;
    for (int i = 0, bound = registers(current.length); i < bound; i += SPECIES.length()) {
      FloatVector t = FloatVector.fromArray(SPECIES, theta, i);
      VectorMask<Float> able = FloatVector.fromArray(SPECIES, current, i).compare(VectorOperators.GT, 0f)
          .or(FloatVector.fromArray(SPECIES, v0, i).compare(VectorOperators.GE, t));
      for (int bits = laneBits(able); bits != 0; bits &= bits - 1) {
        live[count++] = i + Integer.numberOfTrailingZeros(bits);
      }
    }
    return count;
  }

  /** {@link Firing#rateLimits} of the neurons in full registers; returns how many. */
  static int rateLimits(float[] current, float[] theta) {
    int bound = registers(current.length);
    for (int i = 0; i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, current, i).div(FloatVector.fromArray(SPECIES, theta, i))
          .max(0f).min(1f).intoArray(current, i);
    }
    return bound;
  }

  /** How many of {@code neurons} fill whole registers. */
  static int registers(int neurons) {
    return SPECIES.loopBound(neurons);
  }

  /** Bit j set where lane j of {@code mask} is. */
  private static int laneBits(VectorMask<Float> mask) {
    return IntVector.zero(INTS).blend(LANE_BITS, mask.cast(INTS)).reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@link Firing#chargeAndFireSteps} of the neurons in full registers, each register through all
   * the steps before the next: a neuron fires when the sign bit of m − θ is clear, as in the plain
   * loop, and is reset by subtracting θ (or +0 when it does not fire, which leaves m as it is), or
   * to zero by clearing its bits. Returns the first neuron left to the plain loop.
   */
  static int chargeAndFireSteps(float[] v, float[] current, float[] theta, ResetMode reset,
      int neurons, int steps, int[] firedSteps) {
    boolean toZero = reset == ResetMode.ZERO;
    int i = 0;
    for (int bound = SPECIES.loopBound(neurons); i < bound; i += SPECIES.length()) {
      FloatVector m = FloatVector.fromArray(SPECIES, v, i);
      FloatVector c = FloatVector.fromArray(SPECIES, current, i);
      FloatVector t = FloatVector.fromArray(SPECIES, theta, i);
      IntVector thetaBits = t.reinterpretAsInts();
      IntVector fired = IntVector.zero(INTS);
      for (int b = 0; b < steps; b++) {
        m = m.add(c);
        IntVector fire = m.sub(t).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
        fired = fired.or(fire.and(1 << b));
        m = toZero ? m.reinterpretAsInts().and(fire.not()).reinterpretAsFloats()
            : m.sub(thetaBits.and(fire).reinterpretAsFloats());
      }
      m.intoArray(v, i);
      fired.intoArray(firedSteps, i);
    }
    return i;
  }
}
