package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.ResetMode;

class FiringTest {

  /**
   * The register-at-a-time step against the plain loop (itself checked against Eq. 3 neuron by
   * neuron), bit for bit, over several steps: layer sizes around multiples of every register
   * width, firing from none to every neuron, potentials landing exactly on θ, negative currents;
   * under either reset.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void vectorStepGivesThePlainLoopsPotentialsAndSpikesInOrder(ResetMode reset) {
    assertThat(WeightRuns.vectorized()).as("the tests run with the Vector API module").isTrue();
    SplittableRandom random = new SplittableRandom(17);
    for (int n : new int[] {0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1000}) {
      for (double firing : new double[] {0, 0.02, 0.3, 1}) {
        float[] theta = new float[n];
        float[] drive = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          theta[i] = 0.5f + (float) random.nextDouble();
          drive[i] = random.nextDouble() < firing ? theta[i] * (float) random.nextDouble(0.5, 1.5)
              : (float) random.nextGaussian() * 0.05f;
          v[i] = (float) random.nextDouble(-0.5, 0.5);
          if (i % 13 == 5) {
            v[i] = 0.25f;
            drive[i] = 0.5f;
            theta[i] = 0.75f; // m = θ exactly at the first step: fires, keeps 0
          }
        }
        float[] plainV = v.clone();
        int[] plainSpikes = new int[n];
        int[] spikes = new int[n];
        for (int t = 1; t <= 5; t++) {
          int expected = IntegrateAndFireNeuron.chargeAndFire(plainV, drive, theta, reset, plainSpikes);
          int count = VectorFiring.chargeAndFire(v, drive, theta, reset, n, spikes);
          String at = String.format("%s, %d neurons, firing %s, step %d", reset, n, firing, t);
          assertThat(count).as(at).isEqualTo(expected);
          assertThat(Arrays.copyOf(spikes, count)).as(at).isEqualTo(Arrays.copyOf(plainSpikes, expected));
          for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(v[i])).as("%s, neuron %d", at, i)
                .isEqualTo(Float.floatToRawIntBits(plainV[i]));
          }
        }
      }
    }
  }

  /**
   * The register-at-a-time signed step ({@link Firing#chargeAndFireSigned}) against the plain loop,
   * bit for bit, over several steps with the counts kept as the engine keeps them: layer sizes
   * around multiples of every register width, currents of both signs, some neurons with nothing to
   * take back.
   */
  @Test
  void vectorSignedStepGivesThePlainLoopsPotentialsAndListsInOrder() {
    SplittableRandom random = new SplittableRandom(23);
    for (int n : new int[] {0, 1, 7, 8, 9, 16, 17, 33, 100, 1000}) {
      float[] theta = new float[n];
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        theta[i] = 0.5f + (float) random.nextDouble();
        v[i] = (float) random.nextDouble(0, 1) * theta[i];
      }
      float[] plainV = v.clone();
      int[] counts = new int[n];
      int[] plainFired = new int[n];
      int[] plainBack = new int[n];
      int[] fired = new int[n];
      int[] back = new int[n];
      int[] plainTally = new int[2];
      int[] tally = new int[2];
      int takenBack = 0;
      for (int t = 1; t <= 12; t++) {
        float[] current = new float[n];
        for (int i = 0; i < n; i++) {
          current[i] = (float) random.nextGaussian() * theta[i] * 0.8f;
        }
        IntegrateAndFireNeuron.chargeAndFireSigned(plainV, current, theta, counts, plainFired, plainBack, plainTally);
        Firing.chargeAndFireSigned(v, current, theta, counts, n, fired, back, tally);
        String at = String.format("%d neurons, step %d", n, t);
        assertThat(tally).as(at).containsExactly(plainTally);
        assertThat(Arrays.copyOf(fired, tally[0])).as(at).isEqualTo(Arrays.copyOf(plainFired, plainTally[0]));
        assertThat(Arrays.copyOf(back, tally[1])).as(at).isEqualTo(Arrays.copyOf(plainBack, plainTally[1]));
        for (int i = 0; i < n; i++) {
          assertThat(Float.floatToRawIntBits(v[i])).as("%s, neuron %d", at, i)
              .isEqualTo(Float.floatToRawIntBits(plainV[i]));
        }
        for (int k = 0; k < tally[0]; k++) {
          counts[fired[k]]++;
        }
        for (int k = 0; k < tally[1]; k++) {
          counts[back[k]]--;
        }
        takenBack += tally[1];
      }
      if (n >= 100) {
        assertThat(takenBack).as("%d neurons: spikes taken back in the run", n).isPositive();
      }
    }
  }

  /**
   * The neurons listed as able to fire under a constant current are, in order, those a naive loop
   * finds (current &gt; 0, or a start at θ or above): sizes 0 to 70 (with and without a register's
   * tail), currents of both signs and zero, starts below, at and above θ, and NaN currents (never
   * listed for their current).
   */
  @Test
  void liveNeuronsAreThoseANaiveLoopFinds() {
    SplittableRandom random = new SplittableRandom(12);
    for (int n = 0; n <= 70; n++) {
      float[] theta = new float[n];
      float[] drive = new float[n];
      float[] v0 = new float[n];
      int[] expected = new int[n];
      int count = 0;
      for (int i = 0; i < n; i++) {
        theta[i] = 0.5f + (float) random.nextDouble();
        double u = random.nextDouble();
        drive[i] = u < 0.1 ? Float.NaN : u < 0.2 ? 0f : u < 0.3 ? -0f : (float) random.nextDouble(-1, 1);
        double w = random.nextDouble();
        v0[i] = w < 0.1 ? theta[i] : w < 0.2 ? 2 * theta[i] : (float) random.nextDouble(0, 0.9) * theta[i];
        if (drive[i] > 0 || v0[i] >= theta[i]) {
          expected[count++] = i;
        }
      }
      int[] live = new int[n];
      int found = Firing.live(v0, drive, theta, live);
      assertThat(Arrays.copyOf(live, found)).as("%d neurons", n).isEqualTo(Arrays.copyOf(expected, count));
    }
  }

  /**
   * Rate limits a register at a time are {@link org.spikebridge.network.Layer#quantizedRate}'s
   * clip(I/θ, 0, 1) without levels, as floats, bit for bit: sizes 0 to 70, currents below 0, in
   * [0, θ] and above θ, zeros of both signs.
   */
  @Test
  void rateLimitsAreTheClippedRatesBitForBit() {
    SplittableRandom random = new SplittableRandom(13);
    for (int n = 0; n <= 70; n++) {
      float[] theta = new float[n];
      float[] current = new float[n];
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) {
        theta[i] = 0.1f + (float) random.nextDouble();
        double u = random.nextDouble();
        current[i] = u < 0.1 ? 0f : u < 0.2 ? -0f : (float) random.nextDouble(-1, 2) * theta[i] * 1.3f;
        expected[i] = (float) org.spikebridge.network.Layer.quantizedRate(current[i] / theta[i], 0);
      }
      Firing.rateLimits(current, theta);
      assertThat(current).as("%d neurons", n).isEqualTo(expected);
    }
  }

  /**
   * A layer under a constant current, simulating only the neurons that can fire, against the
   * plain loop over every neuron, step by step: the same spikes under their layer indices; half
   * of the currents negative or zero, initial potentials at 0 and at θ/2, under either reset; in
   * blocks of 1, 7 and {@link Firing#MAX_STEPS} steps.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void liveNeuronsUnderAConstantCurrentFireAsTheWholeLayer(ResetMode reset) {
    SplittableRandom random = new SplittableRandom(5);
    for (float start : new float[] {0f, 0.5f}) {
      int n = 1001;
      float[] theta = new float[n];
      float[] drive = new float[n];
      float[] v0 = new float[n];
      for (int i = 0; i < n; i++) {
        theta[i] = 0.5f + (float) random.nextDouble();
        drive[i] = i % 5 == 0 ? 0f : (float) random.nextDouble(-0.3, 0.3);
        v0[i] = start * theta[i];
      }
      ConstantCurrentNeurons neurons = new ConstantCurrentNeurons(n, reset);
      neurons.start(v0, drive, theta);
      float[] v = v0.clone();
      int[] expected = new int[n];
      int[][] spikes = new int[Firing.MAX_STEPS][n];
      int[] counts = new int[Firing.MAX_STEPS];
      int total = 0;
      int t = 0;
      for (int block : new int[] {1, 7, Firing.MAX_STEPS}) {
        neurons.fire(block, spikes, counts);
        for (int b = 0; b < block; b++) {
          int count = IntegrateAndFireNeuron.chargeAndFire(v, drive, theta, reset, expected);
          total += count;
          t++;
          assertThat(Arrays.copyOf(spikes[b], counts[b])).as("%s, v(0) = %s θ, step %d", reset, start, t)
              .isEqualTo(Arrays.copyOf(expected, count));
        }
      }
      assertThat(total).as("spikes in %d steps", t).isGreaterThan(1000);
    }
  }

  /**
   * Blocks of steps under a constant current, two registers of neurons through all the block's
   * steps at a time (and the plain loop past the last pair), against the plain loop step by step,
   * bit for bit: sizes around multiples of every register width and of two, potentials landing exactly
   * on θ, negative currents, currents above θ; under either reset.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void blocksOfStepsGiveThePlainLoopsPotentialsAndSpikes(ResetMode reset) {
    SplittableRandom random = new SplittableRandom(23);
    for (int n : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 129}) {
      float[] theta = new float[n];
      float[] drive = new float[n];
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        theta[i] = 0.5f + (float) random.nextDouble();
        drive[i] = (float) random.nextDouble(-0.2, 1.2) * theta[i];
        v[i] = (float) random.nextDouble(-0.5, 0.5);
        if (i % 7 == 3) {
          v[i] = 0.25f;
          drive[i] = 0.5f;
          theta[i] = 0.75f; // m = θ exactly at the first step, and at every third after
        }
      }
      float[] plainV = v.clone();
      int[] plainSpikes = new int[n];
      int[] fired = new int[n];
      for (int steps : new int[] {Firing.MAX_STEPS, 5, 1}) {
        Firing.chargeAndFireSteps(v, drive, theta, reset, n, steps, fired);
        int[] expected = new int[n];
        for (int b = 0; b < steps; b++) {
          int count = IntegrateAndFireNeuron.chargeAndFire(plainV, drive, theta, reset, plainSpikes);
          for (int k = 0; k < count; k++) {
            expected[plainSpikes[k]] |= 1 << b;
          }
        }
        String at = String.format("%s, %d neurons, block of %d", reset, n, steps);
        assertThat(fired).as(at).isEqualTo(expected);
        for (int i = 0; i < n; i++) {
          assertThat(Float.floatToRawIntBits(v[i])).as("%s, neuron %d", at, i)
              .isEqualTo(Float.floatToRawIntBits(plainV[i]));
        }
      }
    }
  }
}
