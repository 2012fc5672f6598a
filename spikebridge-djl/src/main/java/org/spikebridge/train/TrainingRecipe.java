package org.spikebridge.train;

import org.spikebridge.data.KnownDataset;
import org.spikebridge.train.TrainingConfig.OptimizerKind;

/**
 * The stage-1 settings a dataset is usually trained with, used where the command line leaves them
 * out. CIFAR-10/100 get the standard recipe of the CIFAR literature (and of the authors' VGG-16
 * runs): SGD with learning rate 0.1, momentum 0.9, weight decay 5e-4, a cosine schedule, and
 * random crops (4-pixel padding) with horizontal flips. The MNIST family gets Adam with learning
 * rate 3e-3, a cosine schedule, no weight decay and no augmentation (cnn7's measured setting).
 *
 * @param optimizer SGD or Adam
 * @param learningRate initial learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param schedule learning-rate schedule
 * @param augment random crop and horizontal flip
 */
public record TrainingRecipe(OptimizerKind optimizer, double learningRate, double momentum,
    double weightDecay, LearningRateSchedule.Kind schedule, boolean augment) {

  /** Adam at 0.003 with a cosine schedule, no augmentation: the recipe of every dataset but CIFAR. */
  public static final TrainingRecipe ADAM_COSINE = new TrainingRecipe(OptimizerKind.ADAM, 3e-3, 0.9, 0,
      LearningRateSchedule.Kind.COSINE, false);

  /** The recipe for {@code dataset}. */
  public static TrainingRecipe forDataset(KnownDataset dataset) {
    return switch (dataset) {
      case CIFAR10, CIFAR100 -> new TrainingRecipe(OptimizerKind.SGD, 0.1, 0.9, 5e-4,
          LearningRateSchedule.Kind.COSINE, true);
      default -> ADAM_COSINE;
    };
  }
}
