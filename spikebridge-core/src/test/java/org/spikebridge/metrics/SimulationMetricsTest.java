package org.spikebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SimulationMetricsTest {
  private static final double ALPHA = 2e-9;
  private final SimulationMetrics m = HandCase.metrics();

  /** 90 % ANN, an SNN that stays at 10 % then 20 %. */
  private static SimulationMetrics slow() {
    return new SimulationMetrics(10, 2, List.of("a"), 90.0, new double[] {10, 20}, new double[] {0, 10},
        new double[][] {{1, 0.5}}, new double[] {1}, new double[][] {{3, 4}});
  }

  @Test
  void theorem2Bound() {
    // 2Ω/t with Ω(conv1) = 2.5, Ω(fc2) = 5/3
    assertThat(m.bound(0)).containsExactly(5.0, 2.5, 5.0 / 3);
    double[] fc2 = m.bound(1);
    assertThat(fc2[0]).isCloseTo(10.0 / 3, within(1e-14));
    assertThat(fc2[1]).isCloseTo(5.0 / 3, within(1e-14));
    assertThat(fc2[2]).isCloseTo(10.0 / 9, within(1e-14));
    // In the hand case the mean K stays below the bound, as Theorem 2 says it must.
    for (int l = 0; l < 2; l++) {
      for (int j = 0; j < 3; j++) {
        assertThat(m.k()[l][j]).isLessThan(m.bound(l)[j]);
      }
    }
    assertThatThrownBy(() -> m.bound(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(m.layerIndex("fc2")).isEqualTo(1);
    assertThatThrownBy(() -> m.layerIndex("fc3"))
        .hasMessage("no spiking layer 'fc3'; the layers are [conv1, fc2]");
  }

  @Test
  void spikesPowerAndEnergy() {
    // per image: conv1 3.8 3.6 2.4 + fc2 1.0 0.8 1.4
    double[] total = m.totalSpikesPerImage();
    assertThat(total[0]).isCloseTo(4.8, within(1e-12));
    assertThat(total[1]).isCloseTo(4.4, within(1e-12));
    assertThat(total[2]).isCloseTo(3.8, within(1e-12));
    // P = spikes × 2e-9 J / 1e-3 s
    double[] p = m.power(ALPHA);
    assertThat(p[0]).isCloseTo(9.6e-6, within(1e-18));
    assertThat(p[1]).isCloseTo(8.8e-6, within(1e-18));
    assertThat(p[2]).isCloseTo(7.6e-6, within(1e-18));
    // E(t) = α × (4.8, 9.2, 13.0)
    assertThat(m.energyUpTo(0, ALPHA)).isEqualTo(0.0);
    assertThat(m.energyUpTo(1, ALPHA)).isCloseTo(9.6e-9, within(1e-21));
    assertThat(m.energyUpTo(2, ALPHA)).isCloseTo(1.84e-8, within(1e-21));
    assertThat(m.energyUpTo(3, ALPHA)).isCloseTo(2.6e-8, within(1e-21));
    assertThat(m.spikesUpTo(3)).isCloseTo(13.0, within(1e-12));
    // accuracy 60, 100, 60: 100 % is first reached at t = 2
    assertThat(m.energyToReach(100, ALPHA).getAsDouble()).isCloseTo(1.84e-8, within(1e-21));
    assertThat(m.energyToReach(55, ALPHA).getAsDouble()).isCloseTo(9.6e-9, within(1e-21));
    assertThat(m.energyToReach(100.5, ALPHA)).isEqualTo(OptionalDouble.empty());
    assertThatThrownBy(() -> m.energyUpTo(4, ALPHA)).hasMessage("step 4 is outside 0..3");
    assertThatThrownBy(() -> m.power(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha (joules per spike): expected a finite number ≥ 0, found -1.0");
  }

  @Test
  void firstStepReachingAndWithin() {
    assertThat(m.accuracyAt(1)).isEqualTo(60.0);
    assertThat(m.accuracyAt(2)).isEqualTo(100.0);
    assertThat(m.firstStepReaching(60)).isEqualTo(OptionalInt.of(1));
    assertThat(m.firstStepReaching(61)).isEqualTo(OptionalInt.of(2));
    assertThat(m.firstStepReaching(100)).isEqualTo(OptionalInt.of(2));
    assertThat(m.firstStepReaching(100.5)).isEqualTo(OptionalInt.empty());
    // ANN 80 %
    assertThat(m.firstStepWithin(0)).isEqualTo(OptionalInt.of(2));
    assertThat(m.firstStepWithin(1)).isEqualTo(OptionalInt.of(2));
    assertThat(m.firstStepWithin(20)).isEqualTo(OptionalInt.of(1));
    assertThat(slow().firstStepWithin(1)).isEqualTo(OptionalInt.empty());
    assertThat(slow().firstStepWithin(70)).isEqualTo(OptionalInt.of(2));
    assertThat(slow().firstStepWithin(80)).isEqualTo(OptionalInt.of(1));
    assertThatThrownBy(() -> m.accuracyAt(0)).hasMessage("step 0 is outside 1..3");
    assertThatThrownBy(() -> m.accuracyAt(4)).hasMessage("step 4 is outside 1..3");
  }

  @Test
  void withinToleratesRoundingOfPercentages() {
    // 300 images: ANN 200 correct, SNN 197 correct: exactly 1 point apart.
    SimulationMetrics close = new SimulationMetrics(300, 1, List.of("a"), 100.0 * 200 / 300,
        new double[] {100.0 * 197 / 300}, new double[] {50}, new double[][] {{0}}, new double[] {1},
        new double[][] {{0}});
    assertThat(close.firstStepWithin(1)).isEqualTo(OptionalInt.of(1));
    assertThat(close.firstStepWithin(0.99)).isEqualTo(OptionalInt.empty());
  }

  @Test
  void arraysAreCopied() {
    double[] accuracy = {10, 20};
    double[][] k = {{1, 0.5}};
    SimulationMetrics s = new SimulationMetrics(10, 2, List.of("a"), 90.0, accuracy, new double[] {0, 10}, k,
        new double[] {1}, new double[][] {{3, 4}});
    accuracy[0] = 99;
    k[0][0] = 99;
    s.accuracy()[1] = 99;
    s.k()[0][1] = 99;
    s.spikesPerImage()[0][0] = 99;
    assertThat(s).isEqualTo(slow());
    assertThat(s.hashCode()).isEqualTo(slow().hashCode());
    assertThat(s).isNotEqualTo(m);
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThatThrownBy(() -> new SimulationMetrics(10, 2, List.of("a"), 90.0, new double[] {10},
        new double[] {0, 10}, new double[][] {{1, 0.5}}, new double[] {1}, new double[][] {{3, 4}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accuracy: expected one value per step (2), found 1");
    assertThatThrownBy(() -> new SimulationMetrics(10, 2, List.of("a", "b"), 90.0, new double[] {10, 20},
        new double[] {0, 10}, new double[][] {{1, 0.5}}, new double[] {1, 1}, new double[][] {{3, 4}, {3, 4}}))
        .hasMessage("k: expected one row per layer (2), found 1");
    assertThatThrownBy(() -> new SimulationMetrics(10, 2, List.of("a"), 190.0, new double[] {10, 20},
        new double[] {0, 10}, new double[][] {{1, 0.5}}, new double[] {1}, new double[][] {{3, 4}}))
        .hasMessage("annAccuracy: expected a percentage in [0, 100], found 190.0");
  }
}
