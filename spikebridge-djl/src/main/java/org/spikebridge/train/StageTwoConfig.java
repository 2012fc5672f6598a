package org.spikebridge.train;

import java.util.OptionalDouble;

/**
 * Every setting of a stage-2 run (Algorithm 1, lines 16–35: fast-inference training of the
 * threshold scale p′ with the Rate Inference Loss, Eq. 13). Echoed into the provenance of every
 * saved candidate.
 *
 * @param lambda λ, the weight of the mean Ω term ({@code docs/paper-code-choices.md}, row 4: 1 for
 *     cnn7)
 * @param init the value p′ starts from; empty: {@link #DEFAULT_INIT} (sigmoid(3) ≈ 0.95, as stage
 *     1's p′ = 10 is saturated), and for a quantized network stage 1's own p′, to which its levels
 *     were fitted (it must then be empty)
 * @param learningRate Adam's learning rate ({@code docs/paper-code-choices.md}, row 9: 1e-3)
 * @param epochs passes over the training split
 * @param batchSize images per batch
 * @param accuracyTolerance a candidate needs validation accuracy ≥ stage 1's − this many points
 * @param evalEvery iterations between two validation measurements (also at 0 and at the end)
 * @param sharing one p′ for every Rate Norm Layer (the paper's choice) or one each
 * @param seed fixes the order of the batches
 * @param scaling what lowering p does: the paper's Eq. 6, or clip only (beyond the paper)
 */
public record StageTwoConfig(double lambda, OptionalDouble init, double learningRate, int epochs,
    int batchSize, double accuracyTolerance, int evalEvery, ScaleSharing sharing, long seed,
    ThresholdScaling scaling) {

  /** λ for cnn7 ({@code docs/paper-code-choices.md}, row 4). */
  public static final double DEFAULT_LAMBDA = 1.0;
  /**
   * Starting p′: the sigmoid is flat at stage 1's 10 ({@code docs/paper-code-choices.md}, SpikeBridge's
   * own choices).
   */
  public static final double DEFAULT_INIT = 3.0;
  /** Adam's learning rate ({@code docs/paper-code-choices.md}, row 9). */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** Accuracy tolerance in percentage points ({@code docs/paper-code-choices.md}, row 8). */
  public static final double DEFAULT_ACCURACY_TOLERANCE = 1.0;
  /** Iterations between validation measurements. */
  public static final int DEFAULT_EVAL_EVERY = 50;

  /**
   * The defaults above (p′ from {@link #DEFAULT_INIT}), 1 epoch, batches of 128, a shared p′, seed
   * 1 and Eq. 6's scaling.
   */
  public static StageTwoConfig defaults() {
    return new StageTwoConfig(DEFAULT_LAMBDA, OptionalDouble.empty(), DEFAULT_LEARNING_RATE, 1, 128,
        DEFAULT_ACCURACY_TOLERANCE, DEFAULT_EVAL_EVERY, ScaleSharing.SHARED, 1, ThresholdScaling.RATE);
  }

  /** Checks ranges; the message names the setting. */
  public StageTwoConfig {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be a finite number ≥ 0, found " + lambda);
    }
    if (init == null || init.isPresent() && !Double.isFinite(init.getAsDouble())) {
      throw new IllegalArgumentException("init must be a finite number or empty, found " + init);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, found " + learningRate);
    }
    if (!(accuracyTolerance >= 0)) {
      throw new IllegalArgumentException("accuracy tolerance must be ≥ 0 points, found " + accuracyTolerance);
    }
    if (epochs <= 0 || batchSize <= 0 || evalEvery <= 0) {
      throw new IllegalArgumentException("epochs, batch size and eval-every must be > 0, found "
          + epochs + ", " + batchSize + ", " + evalEvery);
    }
    if (sharing == null || scaling == null) {
      throw new IllegalArgumentException("sharing and scaling must be given");
    }
  }
}
