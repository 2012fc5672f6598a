package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Rate Norm Layer's threshold and buffer names, from which conversion and training read. */
class RateNormThresholdTest {

  /** θ = sigmoid(p′)·running_max + 1e-6 by hand: sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4. */
  @Test
  void thresholdIsSigmoidOfTheLogitTimesTheRunningMaximumPlusEpsilon() {
    assertThat(Layer.RateNorm.threshold(0, 2)).isCloseTo(1.000001, within(1e-12));
    assertThat(Layer.RateNorm.threshold(Math.log(3), 4)).isCloseTo(3.000001, within(1e-12));
    assertThat(Layer.RateNorm.threshold(-50, 0)).isCloseTo(1e-6, within(1e-15));
    assertThat(Layer.RateNorm.scale(Math.log(1.0 / 3))).isCloseTo(0.25, within(1e-15));
  }

  @Test
  void theBuffersAreNamedAsPyTorchFilesNameThem() {
    Layer.RateNorm layer = new Layer.RateNorm("rnl1", List.of("input"), 0.1);
    assertThat(layer.parameterShapes(List.of(TensorShape.of(4)))).containsOnlyKeys("running_max", "p_logit");
  }
}
