package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;

/** Accuracy of a {@link TrainableNetwork} in inference mode over a whole image set. */
public final class Evaluation {
  private Evaluation() {}

  /** Percentage of images of {@code set} whose arg-max logit is their label (NaN for an empty set). */
  public static double accuracy(TrainableNetwork network, ImageSet set, Normalization normalization,
      int batchSize) {
    if (set.size() == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (Batch batch : BatchIterator.epoch(set, BatchOptions.evaluation(batchSize, normalization), 0)) {
      try (NDScope scope = new NDScope()) {
        NDArray logits = network.forward(images(network.manager(), batch), false);
        correct += countCorrect(logits, batch.labels());
      }
    }
    return 100.0 * correct / set.size();
  }

  /** The batch's images as an [N, C, H, W] array. */
  static NDArray images(NDManager manager, Batch batch) {
    return manager.create(batch.images(),
        new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
  }

  /** How many rows of {@code logits} have their maximum at the label. */
  static int countCorrect(NDArray logits, int[] labels) {
    long[] predicted = logits.argMax(1).toLongArray();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return correct;
  }
}
