package org.spikebridge.simulate.event;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.ResetMode;

/**
 * {@link IntegrateAndFireNeuron#chargeAndFire} a full SIMD register of neurons at a time, without
 * a branch per register: each lane keeps m or its {@link ResetMode#afterSpike} (m − θ, or 0), the
 * firing lanes are read from the sign bits of m − θ, as the plain loop decides, gathered into a bit
 * mask by a sum of lane bits (Java 17's {@code VectorMask.toLong} is not compiled to a single
 * instruction), and their indices are written eight at a time from a table of the lanes each
 * 8-bit mask sets (a register's store writes past the last spike, never past the list's end: near
 * it, the chunk's indices are written one by one). Spikes are too sparse for a branch on "some lane
 * fires" to be predicted, and too dense to skip it. The neurons past the last full register go
 * through the plain loop. The result is the plain loop's bit for bit whenever no potential is NaN.
 * Loaded only when the Vector API module is present.
 *
 * <p>Every int register here has the float registers' width, also where a chunk holds fewer lanes
 * (16-lane AVX-512: a table entry is a full register, the lanes past the chunk's 8 being zeros).
 * JDK 17's compiler turns the Vector API into vector instructions only where it knows a register's
 * class; inside a loop it learns it from the call sites' profiles, which the JDK's shared methods
 * keep, so a second int width used anywhere in the process makes them ambiguous, and the step
 * loops below then run as plain Java that allocates an object per operation (measured on AVX-512:
 * 71–80 young collections in a 2,500-image run instead of 9, and 11–12 % slower).
 */
final class VectorFiring {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
  /** Lane j holds 2^j. */
  private static final IntVector LANE_BITS = IntVector.broadcast(INTS, 1)
      .lanewise(VectorOperators.LSHL, IntVector.zero(INTS).addIndex(1));

  private static final FloatVector ZEROS = FloatVector.zero(SPECIES);

  /** Lanes whose spikes are written at once: a register's, at most 8 (a table of 2⁸ masks). */
  private static final int CHUNK = Math.min(SPECIES.length(), 8);
  private static final int[] SET_LANES = setLanes();

  private VectorFiring() {}

  /** {@link IntegrateAndFireNeuron#chargeAndFire} of neurons 0 to {@code neurons − 1}. */
  static int chargeAndFire(float[] v, float[] current, float[] theta, ResetMode reset, int neurons,
      int[] spikes) {
    boolean toZero = reset == ResetMode.ZERO;
    int lanes = SPECIES.length();
    int count = 0;
    int i = 0;
    for (int bound = SPECIES.loopBound(neurons); i < bound; i += lanes) {
      FloatVector m = FloatVector.fromArray(SPECIES, v, i).add(FloatVector.fromArray(SPECIES, current, i));
      FloatVector t = FloatVector.fromArray(SPECIES, theta, i);
      FloatVector above = m.sub(t);
      // ResetMode#afterSpike a register at a time
      m.blend(toZero ? ZEROS : above, m.compare(VectorOperators.GE, t)).intoArray(v, i);
      int fired = above.reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not().and(LANE_BITS)
          .reduceLanes(VectorOperators.ADD);
      for (int part = 0; part < lanes; part += CHUNK) {
        int bits = fired >>> part & (1 << CHUNK) - 1;
        if (count + lanes <= spikes.length) {
          IntVector.fromArray(INTS, SET_LANES, bits * lanes).add(i + part).intoArray(spikes, count);
          count += Integer.bitCount(bits);
        } else {
          for (; bits != 0; bits &= bits - 1) {
            spikes[count++] = i + part + Integer.numberOfTrailingZeros(bits);
          }
        }
      }
    }
    return IntegrateAndFireNeuron.chargeAndFire(v, current, theta, reset, spikes, i, neurons, count);
  }

  /**
   * Per mask of {@link #CHUNK} bits, a register's worth of ints: the lanes it sets in increasing
   * order, then zeros.
   */
  private static int[] setLanes() {
    int entry = SPECIES.length();
    int[] lanes = new int[entry << CHUNK];
    for (int mask = 0; mask < 1 << CHUNK; mask++) {
      int k = 0;
      for (int lane = 0; lane < CHUNK; lane++) {
        if ((mask >>> lane & 1) != 0) {
          lanes[mask * entry + k++] = lane;
        }
      }
    }
    return lanes;
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
   * {@link Firing#chargeAndFireSteps} of the neurons in pairs of full registers, each pair through
   * all the steps before the next, so that the two potentials' chains of add, compare and reset
   * overlap: a neuron fires when the sign bit of m − θ is clear, as in the plain loop, and is reset
   * by subtracting θ (or +0 when it does not fire, which leaves m as it is), or to zero by keeping
   * its bits only where it does not fire. Returns the first neuron left to the plain loop.
   *
   * <p>Few vector operations per step, a step loop per reset mode, a call per pair, and the step
   * bits kept in {@code firedSteps} rather than in registers carried across the step loop: JDK 17's
   * compiler otherwise compiled the kernel, in some runs, as plain Java that allocates an object per
   * vector operation (a method inlined past its budget; a loop-carried int register whose store
   * after the loop was not intrinsified). docs/benchmarks.md gives the runs measured, and {@code
   * scripts/jit-trap-check.sh} provokes such compilations to check a change.
   */
  static int chargeAndFireSteps(float[] v, float[] current, float[] theta, ResetMode reset,
      int neurons, int steps, int[] firedSteps) {
    boolean toZero = reset == ResetMode.ZERO;
    int lanes = SPECIES.length();
    int i = 0;
    for (; i + 2 * lanes <= neurons; i += 2 * lanes) {
      chargeAndFirePair(v, current, theta, toZero, i, steps, firedSteps);
    }
    return i;
  }

  /** {@link #chargeAndFireSteps} of the two registers of neurons from i. */
  private static void chargeAndFirePair(float[] v, float[] current, float[] theta, boolean toZero,
      int i, int steps, int[] firedSteps) {
    int lanes = SPECIES.length();
    FloatVector m0 = FloatVector.fromArray(SPECIES, v, i);
    FloatVector m1 = FloatVector.fromArray(SPECIES, v, i + lanes);
    FloatVector c0 = FloatVector.fromArray(SPECIES, current, i);
    FloatVector c1 = FloatVector.fromArray(SPECIES, current, i + lanes);
    FloatVector t0 = FloatVector.fromArray(SPECIES, theta, i);
    FloatVector t1 = FloatVector.fromArray(SPECIES, theta, i + lanes);
    IntVector.zero(INTS).intoArray(firedSteps, i);
    IntVector.zero(INTS).intoArray(firedSteps, i + lanes);
    // below0, below1: all ones in the lanes where m − θ has its sign bit set (no spike), else 0
    if (toZero) {
      for (int b = 0; b < steps; b++) {
        m0 = m0.add(c0);
        m1 = m1.add(c1);
        IntVector below0 = m0.sub(t0).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
        IntVector below1 = m1.sub(t1).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
        addStep(firedSteps, i, below0.not(), b);
        addStep(firedSteps, i + lanes, below1.not(), b);
        m0 = m0.reinterpretAsInts().and(below0).reinterpretAsFloats();
        m1 = m1.reinterpretAsInts().and(below1).reinterpretAsFloats();
      }
    } else {
      IntVector u0 = t0.reinterpretAsInts();
      IntVector u1 = t1.reinterpretAsInts();
      for (int b = 0; b < steps; b++) {
        m0 = m0.add(c0);
        m1 = m1.add(c1);
        IntVector fire0 = m0.sub(t0).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
        IntVector fire1 = m1.sub(t1).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).not();
        addStep(firedSteps, i, fire0, b);
        addStep(firedSteps, i + lanes, fire1, b);
        m0 = m0.sub(u0.and(fire0).reinterpretAsFloats());
        m1 = m1.sub(u1.and(fire1).reinterpretAsFloats());
      }
    }
    m0.intoArray(v, i);
    m1.intoArray(v, i + lanes);
  }

  /**
   * Sets bit b of a register's worth of {@code firedSteps} from i, in the lanes where {@code fire}
   * is all ones.
   */
  private static void addStep(int[] firedSteps, int i, IntVector fire, int b) {
    IntVector.fromArray(INTS, firedSteps, i).or(fire.and(1 << b)).intoArray(firedSteps, i);
  }
}
