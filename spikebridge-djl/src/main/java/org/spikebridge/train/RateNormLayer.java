package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.spikebridge.network.Layer;

/**
 * The Rate Norm Layer of Ding et al. (IJCAI-21), Eq. 6 and Algorithm 1: it replaces ReLU so that the
 * ANN's activation is already the firing rate its spiking twin reaches as t → ∞ (Lemma 1).
 *
 * <pre>
 *   running_max ← (1 − m)·running_max + m·max(relu(z))     (training only, unless locked)
 *   θ = sigmoid(p′)·running_max + ε
 *   r̂ = clip(z / θ, 0, 1)
 * </pre>
 *
 * <p>As in the authors' code, running_max tracks the layer's own pre-activation (Eq. 6), is a
 * buffer updated from a scalar (no gradient flows through it), and p = sigmoid(p′) keeps p in
 * (0, 1); ε avoids a division by zero. The gradient flows to z and to p′. θ is
 * {@link Layer.RateNorm#threshold} computed on NDArrays; the buffers' names and ε are
 * {@link Layer.RateNorm}'s.
 */
public final class RateNormLayer {
  /** Momentum m of the running maximum (Algorithm 1). */
  public static final double DEFAULT_MOMENTUM = 0.1;
  /** Stage 1's p′: sigmoid(10) ≈ 0.99995, so p ≈ 1 as Algorithm 1 asks. */
  public static final float INITIAL_P_LOGIT = 10f;
  /**
   * The p′ of a quantized layer in stage 1, which trains only weights and biases (Algorithm 1,
   * line 13): p = 1/2 puts θ at half the running maximum, so that the levels cover the bulk of the
   * activations rather than the rare largest one (from p ≈ 1, cnn7 fine-tuned from its ReLU twin
   * with 8 levels loses 2.4 points on Fashion-MNIST, against 0.3 from p = 1/2). Stage 2 then tunes p
   * from there.
   */
  public static final float QUANTIZED_P_LOGIT = 0f;
  /** Algorithm 1's initial running maximum. */
  public static final float INITIAL_RUNNING_MAX = 1f;
  private RateNormLayer() {}

  /**
   * Updates {@code runningMax} in place with the maximum of the batch pre-activation {@code z}
   * (after ReLU, so never below 0): running_max ← (1 − m)·running_max + m·max(relu(z)). The update
   * stays on the device (no copy to the host) and outside the autograd graph.
   */
  public static void updateRunningMax(NDArray runningMax, NDArray z, double momentum) {
    NDArray batchMax = z.stopGradient().max().maximum(0f).mul((float) momentum);
    runningMax.muli((float) (1 - momentum)).addi(batchMax);
  }

  /**
   * θ = sigmoid(p′)·running_max + ε ({@link Layer.RateNorm#threshold} on NDArrays), with gradient
   * to p′ only.
   */
  public static NDArray threshold(NDArray pLogit, NDArray runningMax) {
    return Activation.sigmoid(pLogit).mul(runningMax.stopGradient())
        .add((float) Layer.RateNorm.THETA_EPSILON);
  }

  /**
   * r̂ = clip(z / θ, 0, 1) (Eq. 6), θ from {@link #threshold}; with {@code levels} L &gt; 0 its
   * value is clip(floor(L·z/θ + 1/2) / L, 0, 1) (see {@link org.spikebridge.network.Layer.RateNorm})
   * and its gradient that of the unquantized clip (a straight-through estimator, as Bu et al.).
   */
  public static NDArray rate(NDArray z, NDArray pLogit, NDArray runningMax, int levels) {
    NDArray rate = z.div(threshold(pLogit, runningMax)).clip(0f, 1f);
    if (levels == 0) {
      return rate;
    }
    NDArray plain = rate.stopGradient();
    NDArray quantized = plain.mul((float) levels).add(0.5f).floor().div((float) levels).clip(0f, 1f);
    return rate.add(quantized.sub(plain));
  }
}
