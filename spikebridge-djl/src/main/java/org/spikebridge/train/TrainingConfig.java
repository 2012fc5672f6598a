package org.spikebridge.train;

import org.spikebridge.network.ArchitectureBuilder.Activation;

/**
 * Every setting of a stage-1 run (Algorithm 1, lines 1–15). It is saved with each checkpoint and
 * echoed into the provenance of the trained network, so a result says how it was made.
 *
 * @param model zoo name, e.g. {@code cnn7}
 * @param dataset dataset name, e.g. {@code fashion-mnist}
 * @param activation Rate Norm Layer or ReLU (the twin the baseline methods convert)
 * @param epochs number of epochs
 * @param batchSize images per batch
 * @param optimizer SGD (with momentum) or Adam
 * @param learningRate initial learning rate
 * @param momentum SGD momentum (ignored by Adam)
 * @param weightDecay L2 weight decay
 * @param schedule learning-rate schedule
 * @param stepEpochs epochs between decays of a step schedule
 * @param gamma decay factor of a step schedule
 * @param validationSize images held out of the training split for model selection
 * @param trainLimit use only the first this many training images (0: all), for quick runs
 * @param augment CIFAR augmentation (random crop with 4-pixel padding, horizontal flip)
 * @param seed fixes the initialization, the split and the order of batches
 * @param spikePenalty λ_s ≥ 0 (beyond the paper): the loss gains λ_s times the spikes per time step
 *     and image, in thousands, that the Rate Norm Layers' rates stand for (see
 *     {@link StageOneTraining#expectedSpikesPerStep}); 0 trains on the cross-entropy alone
 */
public record TrainingConfig(String model, String dataset, Activation activation, int epochs,
    int batchSize, OptimizerKind optimizer, double learningRate, double momentum,
    double weightDecay, LearningRateSchedule.Kind schedule, int stepEpochs, double gamma,
    int validationSize, int trainLimit, boolean augment, long seed, double spikePenalty) {

  /** The optimizers stage 1 offers. */
  public enum OptimizerKind { SGD, ADAM }

  /** Checks ranges; the message names the setting. */
  public TrainingConfig {
    positive("epochs", epochs);
    positive("batch size", batchSize);
    positive("step epochs", stepEpochs);
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, found " + learningRate);
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weight decay must be ≥ 0, found " + weightDecay);
    }
    if (validationSize < 0 || trainLimit < 0) {
      throw new IllegalArgumentException("validation size and train limit must be ≥ 0");
    }
    if (!(spikePenalty >= 0)) {
      throw new IllegalArgumentException("spike penalty must be ≥ 0, found " + spikePenalty);
    }
    if (spikePenalty > 0 && activation != Activation.RATE_NORM) {
      throw new IllegalArgumentException("the spike penalty acts on Rate Norm Layers' rates: use it "
          + "with --activation rnl");
    }
  }

  /** This configuration for the network called {@code name} (an imported one, say). */
  public TrainingConfig withModel(String name) {
    return new TrainingConfig(name, dataset, activation, epochs, batchSize, optimizer, learningRate,
        momentum, weightDecay, schedule, stepEpochs, gamma, validationSize, trainLimit, augment,
        seed, spikePenalty);
  }

  /** A new optimizer of the configured kind. */
  public Optimizer newOptimizer() {
    return optimizer == OptimizerKind.SGD ? new Sgd(momentum, weightDecay) : new Adam(weightDecay);
  }

  /** The configured learning-rate schedule. */
  public LearningRateSchedule learningRateSchedule() {
    return new LearningRateSchedule(schedule, learningRate, stepEpochs, gamma);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, found " + value);
    }
  }
}
