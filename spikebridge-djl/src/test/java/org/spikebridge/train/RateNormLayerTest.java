package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateNormLayerTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void forwardIsEquationSixByHand() {
    // p' = 0 -> p = 0.5; running_max = 4 -> theta = 2 + 1e-6.
    NDArray z = manager.create(new float[] {-1f, 0f, 0.5f, 1f, 2f, 3f});
    NDArray pLogit = manager.create(new float[] {0f});
    NDArray runningMax = manager.create(new float[] {4f});
    float[] r = RateNormLayer.rate(z, pLogit, runningMax, 0).toFloatArray();
    double theta = 2 + 1e-6;
    assertThat(r).containsExactly(new float[] {0f, 0f, (float) (0.5 / theta), (float) (1 / theta),
        (float) (2 / theta), 1f}, within(1e-6f));
  }

  @Test
  void quantizedForwardTakesTheNearestLevelAndItsGradientIsTheClips() {
    // θ = 2 (+1e-6), 4 levels: z/θ = −0.5, 0.1, 0.13, 0.3, 0.55, 1.5 → 0, 0, 1/4, 1/4, 1/2, 1
    NDArray z = manager.create(new float[] {-1f, 0.2f, 0.26f, 0.6f, 1.1f, 3f});
    NDArray w = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f});
    NDArray pLogit = manager.create(new float[] {0f});
    NDArray runningMax = manager.create(new float[] {4f});
    z.setRequiresGradient(true);
    float[] r;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray rate = RateNormLayer.rate(z, pLogit, runningMax, 4);
      r = rate.toFloatArray();
      gc.backward(rate.mul(w).sum());
    }
    assertThat(r).containsExactly(0f, 0f, 0.25f, 0.25f, 0.5f, 1f);
    // straight through: w_i/θ inside (0, θ), 0 where the clip holds
    double theta = 2 + 1e-6;
    assertThat(z.getGradient().toFloatArray()).containsExactly(new float[] {0f,
        (float) (2 / theta), (float) (3 / theta), (float) (4 / theta), (float) (5 / theta), 0f},
        within(1e-6f));
  }

  @Test
  void runningMaxFollowsAlgorithmOneLineSeven() {
    NDArray runningMax = manager.create(new float[] {1f});
    double expected = 1;
    float[][] batches = {{0.5f, 3f, -2f}, {-4f, -1f, -0.5f}, {10f, 2f, 9f}};
    for (float[] batch : batches) {
      RateNormLayer.updateRunningMax(runningMax, manager.create(batch), 0.1);
      double max = Math.max(0, Math.max(batch[0], Math.max(batch[1], batch[2])));
      expected = 0.9 * expected + 0.1 * max;
      assertThat(runningMax.getFloat()).isCloseTo((float) expected, within(1e-6f));
    }
    // 1 -> 0.9 + 0.3 = 1.2 -> 1.08 (all negative: max clipped to 0) -> 0.972 + 1.0 = 1.972
    assertThat(runningMax.getFloat()).isCloseTo(1.972f, within(1e-5f));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    double[] z = {-0.3, 0.2, 0.7, 1.1, 2.9};
    double p = 0.4;
    double rm = 3.0;
    double[] w = {0.7, -1.3, 2.0, 0.5, 1.5};
    // loss = sum_i w_i * rate(z_i): analytic gradients from autograd, numeric by central differences.
    NDArray zArr = manager.create(toFloat(z));
    NDArray pArr = manager.create(new float[] {(float) p});
    NDArray rmArr = manager.create(new float[] {(float) rm});
    NDArray wArr = manager.create(toFloat(w));
    zArr.setRequiresGradient(true);
    pArr.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = RateNormLayer.rate(zArr, pArr, rmArr, 0).mul(wArr).sum();
      gc.backward(loss);
    }
    double h = 1e-4;
    float[] gz = zArr.getGradient().toFloatArray();
    for (int i = 0; i < z.length; i++) {
      double[] plus = z.clone();
      double[] minus = z.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (loss(plus, p, rm, w) - loss(minus, p, rm, w)) / (2 * h);
      assertThat((double) gz[i]).as("d loss / d z[%d]", i).isCloseTo(numeric, within(1e-3));
    }
    double numericP = (loss(z, p + h, rm, w) - loss(z, p - h, rm, w)) / (2 * h);
    assertThat((double) pArr.getGradient().getFloat()).isCloseTo(numericP, within(1e-3));
    assertThat(numericP).isNotZero();
  }

  private static double loss(double[] z, double pLogit, double rm, double[] w) {
    double theta = sigmoid(pLogit) * rm + 1e-6;
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      sum += w[i] * Math.min(1, Math.max(0, z[i] / theta));
    }
    return sum;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void thresholdHasNoGradientThroughRunningMax() {
    NDArray pArr = manager.create(new float[] {1f});
    NDArray rmArr = manager.create(new float[] {2f}, new Shape(1));
    rmArr.setRequiresGradient(true);
    pArr.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(RateNormLayer.threshold(pArr, rmArr).sum());
    }
    assertThat(rmArr.getGradient().getFloat()).isZero();
    // d theta / d p' = sigmoid'(1) * running_max
    double s = sigmoid(1);
    assertThat((double) pArr.getGradient().getFloat()).isCloseTo(s * (1 - s) * 2, within(1e-6));
  }
}
