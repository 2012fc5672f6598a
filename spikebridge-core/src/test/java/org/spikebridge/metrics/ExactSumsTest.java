package org.spikebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactSumsTest {

  /** Floats of every magnitude, sign and kind (normal, subnormal, zero). */
  private static float[] values(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float f = Float.intBitsToFloat(random.nextInt() & 0x7F7FFFFF);
      v[i] = random.nextBoolean() ? -f : (i % 7 == 0 ? Float.MIN_VALUE * i : f);
    }
    return v;
  }

  private static double sum(float[] v, int from, int to) {
    ExactSums s = new ExactSums(1);
    for (int i = from; i < to; i++) {
      s.add(0, v[i]);
    }
    return s.sum(0);
  }

  @Test
  void isTheExactSumRoundedOnce() {
    for (long seed = 1; seed <= 20; seed++) {
      float[] v = values(seed, 500);
      BigDecimal exact = BigDecimal.ZERO;
      for (float f : v) {
        exact = exact.add(new BigDecimal(f));
      }
      double found = sum(v, 0, v.length);
      BigDecimal error = new BigDecimal(found).subtract(exact).abs();
      assertThat(error).isLessThanOrEqualTo(new BigDecimal(Math.ulp(found) / 2));
    }
  }

  @Test
  void aSumOfCancellingValuesIsExact() {
    ExactSums s = new ExactSums(2);
    s.add(0, 1e30f);
    s.add(0, 1f);
    s.add(0, -1e30f);
    s.add(1, Float.MIN_VALUE);
    s.add(1, Float.MIN_VALUE);
    assertThat(s.sum(0)).isEqualTo(1.0);
    assertThat(s.sum(1)).isEqualTo(2.0 * Float.MIN_VALUE);
    assertThat(1e30f + 1f - 1e30f).isZero(); // what plain summation gives
  }

  @Test
  void mergingPartsInAnyOrderGivesTheSumOfTheWhole() {
    float[] v = values(7, 1000);
    double whole = sum(v, 0, v.length);
    int[] cuts = {0, 3, 250, 251, 700, 1000};
    ExactSums forward = new ExactSums(1);
    ExactSums backward = new ExactSums(1);
    for (int p = 0; p + 1 < cuts.length; p++) {
      ExactSums part = new ExactSums(1);
      for (int i = cuts[p]; i < cuts[p + 1]; i++) {
        part.add(0, v[i]);
      }
      forward.merge(part);
      ExactSums reversed = new ExactSums(1);
      for (int i = cuts[cuts.length - 1 - p] - 1; i >= cuts[cuts.length - 2 - p]; i--) {
        reversed.add(0, v[i]);
      }
      backward.merge(reversed);
    }
    assertThat(forward.sum(0)).isEqualTo(whole);
    assertThat(backward.sum(0)).isEqualTo(whole);
  }
}
