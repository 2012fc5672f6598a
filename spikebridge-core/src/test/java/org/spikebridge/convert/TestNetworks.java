package org.spikebridge.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** Seeded random networks whose activations are neither all zero nor all saturated. */
final class TestNetworks {
  static final Provenance PROVENANCE = new Provenance("mnist", 3, "spikebridge train --model cnn7",
      Map.of("spikebridge", "0.1.0"), Map.of("activation", "RATE_NORM"));

  private TestNetworks() {}

  static Architecture cnn7(ArchitectureBuilder.Activation activation) {
    return ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, activation);
  }

  /** cnn7 with Rate Norm Layers and random weights, BatchNorm statistics and thresholds. */
  static Network cnn7(long seed) {
    return random(cnn7(ArchitectureBuilder.Activation.RATE_NORM), seed);
  }

  /**
   * Random parameters for {@code arch}: weights scaled by 1/sqrt(fan-in), BatchNorm variances in
   * [0.5, 2], running_max in [0.5, 2], p_logit in [-1, 2], thresholds in [0.5, 2].
   */
  static Network random(Architecture arch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Tensor> params = new LinkedHashMap<>();
    arch.parameterShapes().forEach((name, shape) -> {
      float[] d = new float[Math.toIntExact(shape.size())];
      String kind = name.substring(name.lastIndexOf('.') + 1);
      Layer layer = arch.layer(name.substring(0, name.lastIndexOf('.')));
      boolean bn = layer instanceof Layer.BatchNorm2d;
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) switch (kind) {
          case "weight" -> bn ? r.nextDouble(0.5, 1.5)
              : r.nextDouble(-2, 2) / Math.sqrt((double) d.length / shape.dim(0));
          case "bias" -> r.nextDouble(-0.3, 0.3);
          case "running_mean" -> r.nextDouble(-0.3, 0.3);
          case "running_var" -> r.nextDouble(0.5, 2);
          case "running_max" -> r.nextDouble(0.5, 2);
          case "p_logit" -> r.nextDouble(-1, 2);
          case "threshold" -> r.nextDouble(0.5, 2);
          default -> throw new IllegalArgumentException(name);
        };
      }
      params.put(name, new Tensor(shape, d));
    });
    return new Network(arch, params, PROVENANCE);
  }

  /** {@code n} random inputs of {@code shape} in [lo, hi). */
  static float[] inputs(TensorShape shape, int n, double lo, double hi, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[Math.toIntExact(n * shape.size())];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(lo, hi);
    }
    return x;
  }

  /** A network of {@code layers} with the given parameters and the test provenance. */
  static Network network(TensorShape input, int classes, List<Layer> layers,
      Map<String, float[]> values) {
    Architecture arch = new Architecture("tiny", input, classes, layers);
    Map<String, Tensor> params = new LinkedHashMap<>();
    arch.parameterShapes().forEach((name, shape) -> params.put(name, new Tensor(shape,
        values.getOrDefault(name, new float[Math.toIntExact(shape.size())]))));
    return new Network(arch, params, PROVENANCE);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Largest |a − b| over all elements. */
  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " and " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
