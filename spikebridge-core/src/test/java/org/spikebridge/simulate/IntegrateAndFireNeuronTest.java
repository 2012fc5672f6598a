package org.spikebridge.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IntegrateAndFireNeuronTest {

  /**
   * Eq. 3 neuron by neuron, written out naively with a comparison, against the branch-free kernel
   * (sign bit of m − θ), for several layer sizes, with some potentials landing exactly on θ (fire,
   * reset to 0) and firing rates from none to all; under reset to zero every neuron that fired
   * keeps 0.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void chargeAndFireEqualsEquationThreeNeuronByNeuron(ResetMode reset) {
    SplittableRandom random = new SplittableRandom(9);
    for (int n : new int[] {0, 1, 7, 15, 16, 17, 33, 100, 257}) {
      for (double firing : new double[] {0, 0.1, 0.5, 1}) {
        float[] v = new float[n];
        float[] drive = new float[n];
        float[] theta = new float[n];
        for (int i = 0; i < n; i++) {
          theta[i] = 0.5f + (float) random.nextDouble();
          drive[i] = (float) random.nextGaussian() * 0.1f;
          v[i] = random.nextDouble() < firing ? theta[i] - drive[i] + (float) random.nextDouble() * 0.2f
              : (float) random.nextDouble() * 0.3f - 0.5f;
          if (i % 11 == 3) {
            v[i] = 0.25f;
            drive[i] = 0.5f;
            theta[i] = 0.75f; // m = θ exactly: fires, keeps 0
          }
        }
        float[] expectedV = v.clone();
        int[] expectedSpikes = new int[n];
        int expectedCount = 0;
        for (int i = 0; i < n; i++) {
          float m = expectedV[i] + drive[i];
          if (m >= theta[i]) {
            expectedV[i] = reset == ResetMode.ZERO ? 0f : m - theta[i];
            expectedSpikes[expectedCount++] = i;
          } else {
            expectedV[i] = m;
          }
        }
        int[] spikes = new int[n];
        int count = IntegrateAndFireNeuron.chargeAndFire(v, drive, theta, reset, spikes);
        assertThat(count).as("spikes of %d neurons at firing %s", n, firing).isEqualTo(expectedCount);
        assertThat(Arrays.copyOf(spikes, count)).isEqualTo(Arrays.copyOf(expectedSpikes, expectedCount));
        assertThat(v).isEqualTo(expectedV);
      }
    }
  }

  /**
   * Output neurons sharing θ = 1, step by step against Eq. 3 written out: a potential that lands
   * on θ fires and keeps 0, one below never fires, a current above 2θ still fires once per step.
   */
  @Test
  void chargeAndCountFiresAtTheThresholdResetsBySubtractionAndCounts() {
    float[] v = {0, 0, 0.5f, -1};
    float[] current = {0.25f, 0.99f, 2.5f, 0.5f};
    int[] counts = new int[4];
    float[][] expectedV = {
        {0.25f, 0.99f, 2f, -0.5f},
        {0.5f, 0.98f, 3.5f, 0},
        {0.75f, 0.97f, 5f, 0.5f},
        {0, 0.96f, 6.5f, 0}};
    int[][] expectedCounts = {{0, 0, 1, 0}, {0, 1, 2, 0}, {0, 2, 3, 0}, {1, 3, 4, 1}};
    for (int t = 0; t < 4; t++) {
      IntegrateAndFireNeuron.chargeAndCount(v, current, 1f, ResetMode.SUBTRACT, counts);
      assertThat(v).as("v after step %d", t + 1).containsExactly(expectedV[t], within(1e-6f));
      assertThat(counts).as("spikes after step %d", t + 1).containsExactly(expectedCounts[t]);
    }
  }

  /**
   * θ = 1 and a constant current of 0.6 for 5 steps, by hand (in float: 0.6f + 0.6f − 1 =
   * 0.2000000477, and the fifth step reaches 1.0000001 ≥ θ). By subtraction: v = 0.6, 1.2 → 0.2,
   * 0.8, 1.4 → 0.4, 1.0 → 0: spikes at steps 2, 4 and 5. To zero: v = 0.6, 1.2 → 0, 0.6, 1.2 → 0,
   * 0.6: spikes at steps 2 and 4 only. Both kernels, the layer's and the output neurons'. Signed
   * spikes reset by subtraction (the output neurons' too): v never falls below 0 here.
   */
  @ParameterizedTest
  @EnumSource(ResetMode.class)
  void firesAtTheHandComputedStepsUnderAConstantCurrent(ResetMode reset) {
    boolean[] expected = reset != ResetMode.ZERO ? new boolean[] {false, true, false, true, true}
        : new boolean[] {false, true, false, true, false};
    float[] expectedV = reset != ResetMode.ZERO ? new float[] {0.6f, 0.2f, 0.8f, 0.4f, 0f}
        : new float[] {0.6f, 0f, 0.6f, 0f, 0.6f};
    float[] v = {0};
    float[] output = {0};
    int[] counts = new int[1];
    int[] spikes = new int[1];
    for (int t = 1; t <= 5; t++) {
      int fired = IntegrateAndFireNeuron.chargeAndFire(v, new float[] {0.6f}, new float[] {1f}, reset, spikes);
      IntegrateAndFireNeuron.chargeAndCount(output, new float[] {0.6f}, 1f, reset, counts);
      assertThat(fired).as("spikes at step %d", t).isEqualTo(expected[t - 1] ? 1 : 0);
      assertThat(v[0]).as("v after step %d", t).isCloseTo(expectedV[t - 1], within(1e-6f));
      assertThat(output[0]).as("output v after step %d", t).isEqualTo(v[0]);
    }
    assertThat(counts).containsExactly(reset != ResetMode.ZERO ? 3 : 2);
  }

  /**
   * Signed spikes by hand, θ = 1, v(0) = 0.5, currents 0.7, −0.3, −0.5, −0.9, 1.2 for one neuron
   * with no spike before it (count 0) and one with a spike (count 1), and −0.6 at a neuron that
   * starts at 0.5: m = 1.2 fires (0.2); 0.2 stays; 0.0 stays (not below 0); m = −0.4 with count 1
   * takes a spike back (0.6), with count 0 keeps −0.4; 1.7 fires (0.7).
   */
  @Test
  void signedNeuronsFireAndTakeBackAtTheHandComputedSteps() {
    float[] v = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    float[] current = {0.7f, -0.3f, -0.5f, -0.9f, -0.9f, 1.2f};
    float[] theta = {1, 1, 1, 1, 1, 1};
    int[] counts = {0, 0, 1, 1, 0, 0};
    int[] fired = new int[6];
    int[] withdrawn = new int[6];
    int[] tally = new int[2];
    IntegrateAndFireNeuron.chargeAndFireSigned(v, current, theta, counts, fired, withdrawn, tally);
    assertThat(tally).containsExactly(2, 1);
    assertThat(Arrays.copyOf(fired, 2)).containsExactly(0, 5);
    assertThat(Arrays.copyOf(withdrawn, 1)).containsExactly(3);
    assertThat(v[0]).isCloseTo(0.2f, within(1e-6f));
    assertThat(v[1]).isCloseTo(0.2f, within(1e-6f));
    assertThat(v[2]).isZero();
    assertThat(v[3]).isCloseTo(0.6f, within(1e-6f));
    assertThat(v[4]).isCloseTo(-0.4f, within(1e-6f));
    assertThat(v[5]).isCloseTo(0.7f, within(1e-6f));
    assertThat(counts).as("counts are read, not changed").containsExactly(0, 0, 1, 1, 0, 0);
    assertThat(ResetMode.SIGNED.describe()).isEqualTo("signed");
  }

  /** Reset to zero keeps 0 whatever m and θ; subtraction keeps m − θ. */
  @Test
  void afterSpikeKeepsZeroOrTheChargeAboveTheThreshold() {
    assertThat(ResetMode.ZERO.afterSpike(1.75f, 0.5f)).isZero();
    assertThat(ResetMode.SUBTRACT.afterSpike(1.75f, 0.5f)).isEqualTo(1.25f);
    assertThat(ResetMode.SUBTRACT.describe()).isEqualTo("subtract");
    assertThat(ResetMode.ZERO.describe()).isEqualTo("zero");
  }

  /** Most spikes wins; a tie goes to the larger accumulated current, then to the lower class. */
  @Test
  void spikeCountReadoutTakesTheMostSpikesThenTheLargerCurrent() {
    int[] counts = {9, 9, 2, 5, 5, 1, 3, 3};
    float[] accumulated = {0, 0, 0, 1, 3, 0, 2, 2};
    assertThat(Readout.spikeCountClass(counts, accumulated, 2, 4)).isEqualTo(2);
    assertThat(Readout.spikeCountClass(counts, accumulated, 6, 2)).isZero();
    assertThat(Readout.spikeCountClass(counts, accumulated, 0, 3)).isZero();
    assertThat(Readout.spikeCountClass(counts, new float[] {0, 1, 0, 0, 0, 0, 0, 0}, 0, 3)).isEqualTo(1);
  }
}
