package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.Readout;
import org.spikebridge.testing.TwoNeuronNetworks;

/** The early-exit rules on hand-computed cases, and the output bounds of a hand-made network. */
class SettledImagesTest {
  /** Two classes: per step class 0's lead over class 1 falls by at most 4, class 1's by 2; no rounding. */
  private static final OutputBounds BOUNDS = new OutputBounds(new double[][] {{0, -4}, {-2, 0}},
      new double[] {0, 0}, 4);

  /**
   * T = 10. At t = 4 class 0 leads 20 to 5; with R = 6 steps left the lead of 15 can fall by 24:
   * not final. At t = 8 it leads 40 to 8: 32 − 2·4 = 24 &gt; 0, final. A lead of exactly the bound
   * (t = 9: 12 − 8 = 4 = 1·4) is not enough.
   */
  @Test
  void exactRuleStopsWhenNoRemainingOutputCanOvertake() {
    SettledImages s = new SettledImages(EarlyExit.exact(), BOUNDS, Readout.ACCUMULATE, 10, 2, 3);
    assertThat(s.settles(0, 4, 0, new float[] {20, 5}, null, 0)).isFalse();
    assertThat(s.stopped(0)).isFalse();
    assertThat(s.settles(0, 8, 0, new float[] {40, 8}, null, 0)).isTrue();
    assertThat(s.stopStep(0)).isEqualTo(8);
    assertThat(s.prediction(0)).isEqualTo(0);
    assertThat(s.settles(1, 9, 0, new float[] {12, 8}, null, 0)).isFalse();
    assertThat(s.settles(1, 9, 0, new float[] {12.5f, 8}, null, 0)).isTrue();
    assertThat(s.settles(2, 10, 1, new float[] {0, 50}, null, 0)).as("no stop at T").isFalse();
    assertThat(s.stoppedAt(9)).isEqualTo(1);
    assertThat(s.stoppedAt(8)).isEqualTo(1);
    assertThat(s.stoppedAt(10)).isZero();
  }

  /** Under spike-count readout a class gains at most one spike per step: a lead of R + 1 is final. */
  @Test
  void exactRuleOnSpikeCountsNeedsALeadOfMoreThanTheStepsLeft() {
    SettledImages s = new SettledImages(EarlyExit.exact(), BOUNDS, Readout.SPIKE_COUNT, 10, 2, 2);
    // image 1's counts sit at offset 2
    int[] counts = {0, 0, 7, 3};
    assertThat(s.settles(1, 6, 0, new float[4], counts, 2)).as("lead 4 = R").isFalse();
    counts[3] = 2;
    assertThat(s.settles(1, 6, 0, new float[4], counts, 2)).as("lead 5 > R").isTrue();
  }

  /**
   * k = 2, δ = 0.5: the class must have held for 2 steps with a lead of at least t/2. t = 1: class
   * 1 held 1 step; t = 2: class 0 now, held 1 step; t = 3: held 2 steps, lead 1 &lt; 1.5; t = 4:
   * lead 2 ≥ 2, stop.
   */
  @Test
  void confidentRuleWaitsForPatienceAndMargin() {
    SettledImages s = new SettledImages(EarlyExit.confident(2, 0.5), null, Readout.ACCUMULATE, 10, 2, 1);
    assertThat(s.settles(0, 1, 1, new float[] {0, 5}, null, 0)).isFalse();
    assertThat(s.settles(0, 2, 0, new float[] {6, 5}, null, 0)).isFalse();
    assertThat(s.settles(0, 3, 0, new float[] {7, 6}, null, 0)).isFalse();
    assertThat(s.settles(0, 4, 0, new float[] {9, 7}, null, 0)).isTrue();
    assertThat(s.stopStep(0)).isEqualTo(4);
  }

  /**
   * fc (2 → 2) with weights [[1, −2], [3, 0.5]] and bias [0.5, −1], fed by two spiking neurons.
   * Class 0 minus class 1 per step: 1.5 + (1 − 3)·s₁ + (−2 − 0.5)·s₂, at least 1.5 − 2 − 2.5 = −3
   * (both fire); class 1 minus class 0: −1.5 + 2·s₁ + 2.5·s₂, at least −1.5 (neither fires). Each
   * class alone ranges over [−1.5, 1.5] and [−1, 2.5], which would give −4 and −2.5.
   */
  @Test
  void boundsTakeTheLeastStepLeadOfEveryPairOfClasses() {
    SpikingNetwork snn = TwoNeuronNetworks.readOut(new float[] {1, -2, 3, 0.5f},
        new float[] {0.5f, -1}, Map.of());

    OutputBounds b = OutputBounds.of(snn);
    assertThat(b.leastLead()[0]).containsExactly(0, -3);
    assertThat(b.leastLead()[1]).containsExactly(-1.5, 0);
    assertThat(b.spread()).containsExactly(3.5, 4.5);
    assertThat(b.fanIn()).isEqualTo(2);
  }

  @Test
  void exactRuleNeedsBounds() {
    assertThatThrownBy(() -> new SettledImages(EarlyExit.exact(), null, Readout.ACCUMULATE, 10, 2, 1))
        .hasMessageContaining("bounds");
  }
}
