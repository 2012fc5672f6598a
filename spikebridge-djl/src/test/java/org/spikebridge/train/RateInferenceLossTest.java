package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateInferenceLossTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void omegaIsL1OverSquaredL2OfTheWholeBatch() {
    NDArray r = manager.create(new float[] {0.5f, 0f, 1f, 0.25f}, new Shape(2, 2));
    // ‖r‖₁ = 1.75, ‖r‖₂² = 0.25 + 1 + 0.0625 = 1.3125
    assertThat(RateInferenceLoss.omega(r).getFloat()).isCloseTo((float) (1.75 / (1.3125 + 1e-5)), within(1e-6f));
    // all zero: 0 / 1e-5 = 0, not NaN
    assertThat(RateInferenceLoss.omega(manager.zeros(new Shape(3))).getFloat()).isZero();
  }

  @Test
  void outputRatesAreReluOverTheBatchMaximum() {
    NDArray out = manager.create(new float[] {2f, -1f, 4f, 1f}, new Shape(2, 2));
    assertThat(RateInferenceLoss.outputRates(out).toFloatArray())
        .containsExactly(new float[] {0.5f, 0f, 1f, 0.25f}, within(1e-7f));
    NDArray negative = manager.create(new float[] {-2f, -1f}, new Shape(1, 2));
    assertThat(RateInferenceLoss.outputRates(negative).toFloatArray()).containsExactly(0f, 0f);
  }

  @Test
  void lossIsEquationThirteenByHand() {
    NDArray rates = manager.create(new float[] {0.5f, 0f, 1f, 1f}, new Shape(2, 2));
    NDArray reference = manager.create(new float[] {1f, 0f, 1f, 1f}, new Shape(2, 2));
    NDArray output = manager.create(new float[] {2f, 0f, 0f, 4f}, new Shape(2, 2));
    // per-image cosine: (1,0)·(2,0) → 1; (1,1)·(0,4) → 1/√2; mean (1 + 0.70711) / 2
    double cosine = (1 + 1 / Math.sqrt(2)) / 2;
    double omegaRates = 2.5 / (2.25 + 1e-5);
    // output rates relu(out) / 4 = (0.5, 0, 0, 1): ‖·‖₁ = 1.5, ‖·‖₂² = 1.25
    double omegaOutput = 1.5 / (1.25 + 1e-5);
    double meanOmega = (omegaRates + omegaOutput) / 2;
    RateInferenceLoss.Terms terms = new RateInferenceLoss(0.5).evaluate(reference, output, List.of(rates));
    assertThat(terms.cosine().getFloat()).isCloseTo((float) cosine, within(1e-6f));
    assertThat(terms.meanOmega().getFloat()).isCloseTo((float) meanOmega, within(1e-5f));
    assertThat(terms.loss().getFloat()).isCloseTo((float) (1 - cosine + 0.5 * meanOmega), within(1e-5f));
    assertThat(RateInferenceLoss.cosineSimilarity(output, output).getFloat()).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void negativeLambdaIsRefused() {
    assertThatThrownBy(() -> new RateInferenceLoss(-1)).hasMessageContaining("λ");
  }

  /** Eq. 13 for a toy network: one Rate Norm Layer on fixed z, then a fixed linear output. */
  private double loss(NDArray pLogit) {
    NDArray z = manager.create(new double[] {0.3, 0.6, -0.2, 0.9, 1.1, 0.05, 2.0, 0.45},
        new Shape(2, 4));
    NDArray runningMax = manager.create(new double[] {2.0});
    NDArray w = manager.create(new double[] {0.5, -0.3, 0.8, 0.2, -0.4, 0.9, 0.1, 0.6},
        new Shape(4, 2));
    NDArray reference = manager.create(new double[] {0.7, 0.2, 0.1, 0.9}, new Shape(2, 2));
    NDArray r = RateNormLayer.rate(z, pLogit, runningMax, 0);
    return new RateInferenceLoss(1.0).evaluate(reference, r.matMul(w), List.of(r)).loss().getDouble();
  }

  @Test
  void gradientWithRespectToTheScaleMatchesFiniteDifferences() {
    NDArray pLogit = manager.create(new double[] {0.5});
    pLogit.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray z = manager.create(new double[] {0.3, 0.6, -0.2, 0.9, 1.1, 0.05, 2.0, 0.45},
          new Shape(2, 4));
      NDArray runningMax = manager.create(new double[] {2.0});
      NDArray w = manager.create(new double[] {0.5, -0.3, 0.8, 0.2, -0.4, 0.9, 0.1, 0.6},
          new Shape(4, 2));
      NDArray reference = manager.create(new double[] {0.7, 0.2, 0.1, 0.9}, new Shape(2, 2));
      NDArray r = RateNormLayer.rate(z, pLogit, runningMax, 0);
      collector.backward(new RateInferenceLoss(1.0).evaluate(reference, r.matMul(w), List.of(r)).loss());
    }
    double analytic = pLogit.getGradient().getDouble();
    double h = 1e-5;
    double numeric = (loss(manager.create(new double[] {0.5 + h}))
        - loss(manager.create(new double[] {0.5 - h}))) / (2 * h);
    assertThat(analytic).isNotZero().isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
  }
}
