package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * The Rate Inference Loss (RIL) of Ding et al. (IJCAI-21) and the stage-2 objective built on it.
 *
 * <pre>
 *   Ω(r̂) = ‖r̂‖₁ / (‖r̂‖₂² + 1e-5)                                   (Theorem 2, Eq. 8; 1e-5 as the authors' code)
 *   T(r̂*_L, r̂′_L) = 1 − cos(r̂*_L, r̂′_L) + λ · mean_l Ω_l               (Eq. 13)
 * </pre>
 *
 * <p>Choices the paper leaves open or states differently from the authors' code:
 *
 * <ul>
 *   <li>Ω of a layer is taken over the whole batch: every element of the layer's output for every
 *       image, flattened into one vector.
 *   <li>The average runs over the Rate Norm Layers <em>plus the output layer</em>, whose rates are
 *       relu(out) / max(out) with the maximum over the whole batch (gradient flows through it, as in
 *       the authors' code; it is clamped below at 1e-12 so that an all-negative output gives Ω = 0,
 *       not NaN). With L Rate Norm Layers the mean is over L + 1 terms.
 *   <li>The cosine is computed per image (each image's output flattened) and averaged over the
 *       batch, as {@code F.cosine_similarity(a, b).mean()} with dim 1 and ε = 1e-8 does:
 *       cos = a·b / (max(‖a‖, ε)·max(‖b‖, ε)).
 *   <li>The reference r̂*_L is the frozen stage-1 network's output on the same batch, detached
 *       (no gradient), not the current network's.
 * </ul>
 */
public final class RateInferenceLoss {
  /**
   * Added to ‖r̂‖₂² in Ω (the authors' code). Constants enter the graph as float scalars: a double
   * scalar would promote float32 arrays to float64.
   */
  public static final double OMEGA_EPSILON = 1e-5;
  /** ε of the cosine similarity, as PyTorch's default. */
  public static final double COSINE_EPSILON = 1e-8;
  /** Lower bound of the output maximum that normalizes the output layer's rates. */
  public static final double OUTPUT_MAX_FLOOR = 1e-12;

  private final double lambda;

  /** The loss with weight {@code lambda} (λ ≥ 0) of the mean Ω term. */
  public RateInferenceLoss(double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("λ must be a finite number ≥ 0, found " + lambda);
    }
    this.lambda = lambda;
  }

  /** λ, the weight of the mean Ω term. */
  public double lambda() {
    return lambda;
  }

  /**
   * The parts of one evaluation of Eq. 13 (scalars).
   *
   * @param loss 1 − cosine + λ·meanOmega, with gradient
   * @param cosine the mean cosine similarity between reference and output
   * @param meanOmega the mean Ω over the Rate Norm Layers and the output layer
   */
  public record Terms(NDArray loss, NDArray cosine, NDArray meanOmega) {}

  /**
   * Eq. 13 for one batch.
   *
   * @param reference r̂*_L, the frozen stage-1 output [N, …] (detached here)
   * @param output r̂′_L, the current network's output [N, …]
   * @param rates the current network's Rate Norm Layer outputs r̂′_l
   */
  public Terms evaluate(NDArray reference, NDArray output, List<NDArray> rates) {
    NDArray cosine = cosineSimilarity(reference.stopGradient(), output);
    NDArray meanOmega = meanOmega(rates, output);
    NDArray loss = meanOmega.mul((float) lambda).add(cosine.neg()).add(1f);
    return new Terms(loss, cosine, meanOmega);
  }

  /** Ω(r̂) = ‖r̂‖₁ / (‖r̂‖₂² + 1e-5) over every element of {@code rates} (a scalar). */
  public static NDArray omega(NDArray rates) {
    return rates.abs().sum().div(rates.square().sum().add((float) OMEGA_EPSILON));
  }

  /** The output layer's rates relu(out) / max(out), the maximum over the whole batch. */
  public static NDArray outputRates(NDArray output) {
    return Activation.relu(output).div(output.max().maximum((float) OUTPUT_MAX_FLOOR));
  }

  /** mean over the L Rate Norm Layers and the output layer of Ω (a scalar). */
  public static NDArray meanOmega(List<NDArray> rates, NDArray output) {
    NDArray sum = omega(outputRates(output));
    for (NDArray r : rates) {
      sum = sum.add(omega(r));
    }
    return sum.div(rates.size() + 1f);
  }

  /** The cosine similarity of each image's flattened {@code a} and {@code b}, averaged over the batch. */
  public static NDArray cosineSimilarity(NDArray a, NDArray b) {
    long n = a.getShape().get(0);
    NDArray x = a.reshape(n, -1);
    NDArray y = b.reshape(n, -1);
    NDArray dot = x.mul(y).sum(new int[] {1});
    NDArray norms = x.square().sum(new int[] {1}).sqrt().maximum((float) COSINE_EPSILON)
        .mul(y.square().sum(new int[] {1}).sqrt().maximum((float) COSINE_EPSILON));
    return dot.div(norms).mean();
  }
}
