package org.spikebridge.cli;

import java.util.HashMap;
import java.util.Map;
import org.spikebridge.convert.AnalogNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;

/** The largest activation of every ReLU layer over a seeded calibration sample of a training set. */
final class ActivationMaxima {
  private static final int CHUNK = 100;

  private ActivationMaxima() {}

  /** λ_l for each ReLU layer of {@code relu}, over {@code size} images of {@code train} drawn with {@code seed}. */
  static Map<String, Float> of(Network relu, ImageSet train, Normalization normalization, int size,
      long seed) {
    int[] order = BatchIterator.order(train.size(), true, seed, 0);
    ImageSet sample = train.subset(java.util.Arrays.copyOf(order, Math.min(size, train.size())));
    Map<String, Float> maxima = new HashMap<>();
    for (Batch batch : BatchIterator.epoch(sample, BatchOptions.evaluation(CHUNK, normalization), 0)) {
      Map<String, float[]> outputs = AnalogNetwork.forward(relu, batch.images(), batch.size());
      for (Layer layer : relu.architecture().layers()) {
        if (layer instanceof Layer.Relu) {
          float max = maxima.getOrDefault(layer.name(), 0f);
          for (float v : outputs.get(layer.name())) {
            max = Math.max(max, v);
          }
          maxima.put(layer.name(), max);
        }
      }
    }
    return maxima;
  }
}
