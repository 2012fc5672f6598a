package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightRunsTest {

  /** The build runs its tests with the Vector API, as ./spikebridge runs the engine. */
  @Test
  void testsRunTheVectorKernel() {
    assertThat(WeightRuns.vectorized()).as("tests start the JVM with --add-modules jdk.incubator.vector")
        .isTrue();
  }

  /**
   * Runs of every length from 0 to 70 (shorter than, equal to and longer than a SIMD register,
   * with and without a tail) at unaligned offsets: the same floats as a naive loop, bit for bit,
   * for the plain and the active kernel, and nothing outside the run touched.
   */
  @Test
  void everyRunEqualsANaiveLoopBitForBit() {
    SplittableRandom random = new SplittableRandom(5);
    float[] weights = new float[200];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    for (int n = 0; n <= 70; n++) {
      int w0 = random.nextInt(weights.length - n + 1);
      int o0 = random.nextInt(100 - n + 1);
      float value = (float) random.nextGaussian();
      float[] start = new float[100];
      for (int i = 0; i < start.length; i++) {
        start[i] = (float) random.nextGaussian();
      }
      float[] expected = start.clone();
      float[] expectedScaled = start.clone();
      for (int o = 0; o < n; o++) {
        expected[o0 + o] = start[o0 + o] + weights[w0 + o];
        expectedScaled[o0 + o] = start[o0 + o] + value * weights[w0 + o];
      }
      float[] active = start.clone();
      WeightRuns.add(weights, w0, active, o0, n);
      float[] plain = start.clone();
      WeightRuns.addPlain(weights, w0, plain, o0, n);
      float[] activeScaled = start.clone();
      WeightRuns.addScaled(weights, w0, value, activeScaled, o0, n);
      float[] plainScaled = start.clone();
      WeightRuns.addScaledPlain(weights, w0, value, plainScaled, o0, n);
      assertThat(active).as("add, n = %d", n).isEqualTo(expected);
      assertThat(plain).as("plain add, n = %d", n).isEqualTo(expected);
      assertThat(activeScaled).as("scaled add, n = %d", n).isEqualTo(expectedScaled);
      assertThat(plainScaled).as("plain scaled add, n = %d", n).isEqualTo(expectedScaled);
    }
  }
}
