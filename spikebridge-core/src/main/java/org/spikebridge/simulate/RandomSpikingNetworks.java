package org.spikebridge.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Spiking twins of ANN architectures with seeded random weights, for tests and benchmarks of
 * engines: Dropout and BatchNorm dropped, except a BatchNorm on a residual sum, which becomes a
 * per-channel Affine map (scales from N(1, 0.1²), shifts from N(0, 0.05²)); ReLU and Rate Norm layers replaced by
 * integrate-and-fire layers with threshold 1, every Conv2d and Linear with a bias, MaxPool2d kept
 * (spiking max pooling); weights drawn from N(0, 2/fan-in) (He), biases from N(0, 0.05²). Set the
 * thresholds to a firing rate with {@code FiringRateCalibration} of the event engine.
 */
public final class RandomSpikingNetworks {
  private RandomSpikingNetworks() {}

  /** The spiking twin of {@code ann} with weights drawn from {@code seed}. */
  public static SpikingNetwork of(Architecture ann, long seed) {
    Architecture spiking = twin(ann);
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    Map<String, TensorShape> shapes = spiking.parameterShapes();
    Set<String> affine = new HashSet<>();
    spiking.layers().stream().filter(Layer.Affine.class::isInstance).forEach(l -> affine.add(l.name() + ".weight"));
    shapes.forEach((name, shape) -> {
      float[] data = new float[Math.toIntExact(shape.size())];
      boolean scale = affine.contains(name);
      double std = scale ? 0.1 : name.endsWith(".weight") ? Math.sqrt(2.0 * shape.dim(0) / data.length)
          : name.endsWith(".bias") ? 0.05 : 0;
      for (int i = 0; i < data.length; i++) {
        data[i] = name.endsWith(".threshold") ? 1f : (float) ((scale ? 1 : 0) + random.nextGaussian() * std);
      }
      values.put(name, new Tensor(shape, data));
    });
    Provenance provenance = new Provenance("random", seed, "RandomSpikingNetworks.of(" + ann.name() + ")",
        Map.of(), Map.of("method", "random"));
    return new SpikingNetwork(new Network(spiking, values, provenance));
  }

  /**
   * The architecture with activations as integrate-and-fire layers; a MaxPool2d is kept (spiking
   * max pooling: it must read an activation).
   */
  private static Architecture twin(Architecture ann) {
    Map<String, String> alias = new HashMap<>();
    List<Layer> layers = new ArrayList<>();
    Map<String, Layer> annLayers = ann.layersByName();
    for (Layer layer : ann.layers()) {
      List<String> in = layer.inputs().stream().map(n -> alias.getOrDefault(n, n)).toList();
      Layer twin;
      if (layer instanceof Layer.BatchNorm2d bn
          && annLayers.get(bn.inputs().get(0)) instanceof Layer.Add) {
        twin = new Layer.Affine(bn.name(), in, bn.channels());
      } else if (layer instanceof Layer.BatchNorm2d || layer instanceof Layer.Dropout) {
        alias.put(layer.name(), in.get(0));
        continue;
      } else if (layer instanceof Layer.Relu || layer instanceof Layer.RateNorm) {
        twin = new Layer.IntegrateAndFire(layer.name(), in, false);
      } else if (layer instanceof Layer.Conv2d c) {
        twin = c.with(in, true);
      } else if (layer instanceof Layer.Linear f) {
        twin = new Layer.Linear(f.name(), in, f.inFeatures(), f.outFeatures(), true);
      } else if (layer instanceof Layer.AvgPool2d p) {
        twin = new Layer.AvgPool2d(p.name(), in, p.kernel(), p.stride(), p.padding());
      } else if (layer instanceof Layer.MaxPool2d p) {
        twin = new Layer.MaxPool2d(p.name(), in, p.kernel(), p.stride(), p.padding());
      } else if (layer instanceof Layer.Flatten) {
        twin = new Layer.Flatten(layer.name(), in);
      } else if (layer instanceof Layer.Add) {
        twin = new Layer.Add(layer.name(), in);
      } else {
        throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.getClass().getSimpleName()
            + ") has no spiking twin");
      }
      layers.add(twin);
    }
    return new Architecture(ann.name(), ann.inputShape(), ann.numClasses(), layers);
  }
}
