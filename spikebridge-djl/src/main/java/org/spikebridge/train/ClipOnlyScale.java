package org.spikebridge.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;

/**
 * Makes a network tuned with {@link ThresholdScaling#CLIP_ONLY} an ordinary Eq. 6 network: a Rate
 * Norm Layer that passes on p·r̂ computes the same function as one that passes on r̂ when the
 * weights (not the biases) of the Conv2d and Linear layers that read it are multiplied by p. They
 * may read it through average or max pooling, Flatten and Dropout, which commute with a positive
 * factor; any other reader (an Add, a BatchNorm, another Rate Norm Layer, or none: the output) is
 * refused, naming the layers.
 */
final class ClipOnlyScale {
  private ClipOnlyScale() {}

  /** Refuses an architecture in which some Rate Norm Layer has a reader the factor cannot be folded into. */
  static void check(Architecture architecture) {
    Map<String, List<Layer>> readersOf = architecture.readers();
    for (Layer layer : architecture.layers()) {
      if (layer instanceof Layer.RateNorm) {
        readers(readersOf, layer.name());
      }
    }
  }

  /**
   * {@code network} with every Rate Norm Layer's p = sigmoid(p′) multiplied into the weights of
   * the Conv2d and Linear layers that read it; the thresholds θ = p·running_max stay.
   */
  static Network fold(Network network) {
    Architecture architecture = network.architecture();
    Map<String, Tensor> values = new LinkedHashMap<>(network.parameters());
    Map<String, List<Layer>> readersOf = architecture.readers();
    for (Layer layer : architecture.layers()) {
      if (layer instanceof Layer.RateNorm) {
        double logit = network.parameter(layer.name() + "." + RateNormLayer.SCALE).data()[0];
        float p = (float) (1 / (1 + Math.exp(-logit)));
        for (String reader : readers(readersOf, layer.name())) {
          Tensor weight = values.get(reader + ".weight");
          float[] scaled = weight.data().clone();
          for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= p;
          }
          values.put(reader + ".weight", new Tensor(weight.shape(), scaled));
        }
      }
    }
    return new Network(architecture, values, network.provenance());
  }

  /** The Conv2d and Linear layers that read Rate Norm Layer {@code rateNorm}, through pooling, Flatten and Dropout. */
  private static List<String> readers(Map<String, List<Layer>> readersOf, String rateNorm) {
    List<String> found = new ArrayList<>();
    Deque<String> open = new ArrayDeque<>(List.of(rateNorm));
    while (!open.isEmpty()) {
      String name = open.pop();
      List<Layer> readers = readersOf.getOrDefault(name, List.of());
      if (readers.isEmpty()) {
        throw refusal(rateNorm, "it reaches the network's output through '" + name + "'");
      }
      for (Layer reader : readers) {
        if (reader instanceof Layer.Conv2d || reader instanceof Layer.Linear) {
          found.add(reader.name());
        } else if (reader instanceof Layer.AvgPool2d || reader instanceof Layer.MaxPool2d
            || reader instanceof Layer.Flatten || reader instanceof Layer.Dropout) {
          open.push(reader.name());
        } else {
          throw refusal(rateNorm, "layer '" + reader.name() + "' (" + reader.getClass().getSimpleName()
              + ") reads it");
        }
      }
    }
    return found;
  }

  private static IllegalArgumentException refusal(String rateNorm, String why) {
    return new IllegalArgumentException("clip-only threshold scaling folds the threshold scale p of Rate Norm Layer '"
        + rateNorm + "' into the Conv2d or Linear layers that read it (through pooling, Flatten or "
        + "Dropout), but " + why + "; tune this network with the paper's scaling (without --clip-only)");
  }
}
