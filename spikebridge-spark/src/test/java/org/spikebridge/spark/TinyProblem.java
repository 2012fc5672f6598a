package org.spikebridge.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.NpyFiles;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.event.FiringRateCalibration;

/** A seeded random spiking network on 8×8 grey images and an {@code npy:} dataset for it. */
final class TinyProblem {
  static final int CLASSES = 4;
  static final int SIDE = 8;

  private TinyProblem() {}

  /** The ANN architecture: a convolution, pooling and two linear layers. */
  static Architecture architecture() {
    return new ArchitectureBuilder("tiny", TensorShape.of(1, SIDE, SIDE))
        .conv(4, 3, 1, 1).activation(Activation.RELU).avgPool(2)
        .flatten().linear(16).activation(Activation.RELU).linear(CLASSES).build(CLASSES);
  }

  /** Random pixels, {@code n} images. */
  static byte[] pixels(long seed, int n) {
    byte[] pixels = new byte[n * SIDE * SIDE];
    new SplittableRandom(seed).nextBytes(pixels);
    return pixels;
  }

  /** Labels 0, 1, …, CLASSES − 1, 0, 1, … */
  static long[] labels(int n) {
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % CLASSES;
    }
    return labels;
  }

  /** Writes an {@code npy:} dataset of 16 training and {@code testImages} test images into {@code dir}. */
  static String dataset(Path dir, int testImages) throws IOException {
    int[] train = NpyFiles.shape(16, SIDE, SIDE);
    int[] test = NpyFiles.shape(testImages, SIDE, SIDE);
    NpyFiles.dataset(dir, NpyFiles.npy("|u1", train, pixels(1, 16)), NpyFiles.int64(NpyFiles.shape(16), labels(16)),
        NpyFiles.npy("|u1", test, pixels(2, testImages)),
        NpyFiles.int64(NpyFiles.shape(testImages), labels(testImages)));
    return "npy:" + dir;
  }

  /** The random network with seed {@code seed}, thresholds calibrated to fire at 10 % on random images. */
  static SpikingNetwork network(long seed) {
    int n = 8;
    float[] images = new float[n * SIDE * SIDE];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble(-1, 2);
    }
    return FiringRateCalibration.calibrate(RandomSpikingNetworks.of(architecture(), seed),
        new Batch(images, new int[n], n, 1, SIDE, SIDE), 0.1);
  }

  /** A ReLU ANN of {@link #architecture} with He-initialized weights from {@code seed}, saved in {@code dir}. */
  static Path ann(long seed, Path dir) throws IOException {
    Architecture a = architecture();
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> {
      float[] data = new float[Math.toIntExact(shape.size())];
      double std = name.endsWith(".weight") ? Math.sqrt(2.0 * shape.dim(0) / data.length) : 0.05;
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * std);
      }
      values.put(name, new Tensor(shape, data));
    });
    NetworkFiles.save(new Network(a, values, new Provenance("random", seed, "TinyProblem.ann", Map.of(), Map.of())),
        dir);
    return dir;
  }

  /** Saves the network of {@code seed} into {@code dir}; returns the folder. */
  static Path saved(long seed, Path dir) throws IOException {
    SpikingNetwork.save(network(seed), dir);
    return dir;
  }
}
