package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MembraneTest {

  /**
   * Eq. 3 neuron by neuron, written out naively with a comparison, against the branch-free kernel
   * (sign bit of m − θ), for several layer sizes, with some potentials landing exactly on θ (fire,
   * reset to 0) and firing rates from none to all.
   */
  @Test
  void chargeAndFireEqualsEquationThreeNeuronByNeuron() {
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
            expectedV[i] = m - theta[i];
            expectedSpikes[expectedCount++] = i;
          } else {
            expectedV[i] = m;
          }
        }
        int[] spikes = new int[n];
        int count = Membrane.chargeAndFire(v, drive, theta, spikes);
        assertThat(count).as("spikes of %d neurons at firing %s", n, firing).isEqualTo(expectedCount);
        assertThat(Arrays.copyOf(spikes, count)).isEqualTo(Arrays.copyOf(expectedSpikes, expectedCount));
        assertThat(v).isEqualTo(expectedV);
      }
    }
  }
}
