package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizer steps against hand-computed PyTorch updates, with a constant gradient of 0.5. */
class OptimizerTest {

  private static float[] run(Optimizer optimizer, int steps) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, -2f});
      w.setRequiresGradient(true);
      NDArray c = manager.create(new float[] {0.5f, 0.5f});
      float[] firstCoordinate = new float[steps];
      for (int i = 0; i < steps; i++) {
        w.getGradient().subi(w.getGradient());
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(w.mul(c).sum());
        }
        optimizer.step(Map.of("w", w), 0.1);
        firstCoordinate[i] = w.toFloatArray()[0];
      }
      return firstCoordinate;
    }
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    // g1 = 0.5 + 0.01*1 = 0.51, b1 = 0.51, w1 = 1 - 0.051 = 0.949
    // g2 = 0.5 + 0.00949 = 0.50949, b2 = 0.9*0.51 + 0.50949 = 0.96849, w2 = 0.949 - 0.096849
    try (Sgd sgd = new Sgd(0.9, 0.01)) {
      assertThat(run(sgd, 2)).containsExactly(new float[] {0.949f, 0.852151f}, within(1e-6f));
    }
  }

  @Test
  void adamMovesByTheLearningRateUnderAConstantGradient() {
    // bias-corrected m and v are 0.5 and 0.25 at every step: w moves by lr * 0.5 / 0.5 = 0.1.
    try (Adam adam = new Adam(0)) {
      assertThat(run(adam, 3)).containsExactly(new float[] {0.9f, 0.8f, 0.7f}, within(1e-5f));
    }
  }

  @Test
  void restoredStateContinuesExactly() {
    float[] straight;
    try (Adam adam = new Adam(0.001)) {
      straight = run(adam, 4);
    }
    try (Adam first = new Adam(0.001); Adam second = new Adam(0.001)) {
      run(first, 2);
      second.restore(first.state());
      assertThat(second.state()).isEqualTo(first.state());
      assertThat(second.state()).containsKeys("w.m", "w.v");
    }
    assertThat(straight[3]).isLessThan(straight[2]);
  }
}
