package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.DatasetLocator;
import org.spikebridge.data.Datasets;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.simulate.RandomSpikingNetworks;
import org.spikebridge.simulate.event.FiringRateCalibration;

/** The networks and input batches {@code spikebridge bench} runs. */
final class BenchNetworks {
  /** The mean firing rate random networks are calibrated to (within the 5–15 % of trained ones). */
  static final double FIRING_RATE = 0.1;

  /** The name of the benchmark's VGG-16, which is not the zoo's: see {@link #vgg16Fc512Architecture}. */
  static final String VGG16_FC512 = "vgg16-fc512";

  /**
   * A network to benchmark with a batch of its input.
   *
   * @param name model name for the table
   * @param snn the spiking network
   * @param batch the input batch
   * @param origin where the weights came from
   */
  record Workload(String name, SpikingNetwork snn, Batch batch, String origin) {}

  private BenchNetworks() {}

  /**
   * cnn7: the spiking network (or training run, converted with rnl) in {@code checkpoint} on
   * Fashion-MNIST test images if given, else seeded random weights on random images.
   */
  static Workload cnn7(Path checkpoint, Path dataDir, int batchSize, long seed) throws IOException {
    if (checkpoint == null) {
      Architecture arch = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU);
      return random("cnn7", arch, batchSize, seed);
    }
    SpikingNetwork snn = Files.exists(checkpoint.resolve(NetworkFiles.MANIFEST))
        && isSpiking(checkpoint) ? SpikingNetwork.load(checkpoint)
        : ConversionMethods.byName("rnl").convert(Checkpoints.load(checkpoint),
            new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL));
    Optional<Path> found = dataDir != null ? Optional.of(dataDir)
        : DatasetLocator.system().find(KnownDataset.FASHION_MNIST);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("--checkpoint needs Fashion-MNIST test images: none found "
          + "(give --data-dir or set SPIKEBRIDGE_DATA)");
    }
    ImageSet test = Datasets.load(KnownDataset.FASHION_MNIST, Split.TEST, dataDir);
    test = test.subset(IntStream.range(0, Math.min(batchSize, test.size())).toArray());
    Batch batch = BatchIterator.epoch(test, BatchOptions.evaluation(batchSize,
        Normalization.of(KnownDataset.FASHION_MNIST)), 0).iterator().next();
    return new Workload("cnn7", snn, batch, "trained: " + checkpoint);
  }

  /**
   * VGG-16 with a 512-wide classifier for CIFAR-shaped 3×32×32 inputs, with seeded random weights
   * on random images.
   */
  static Workload vgg16Fc512(int batchSize, long seed) {
    return random(VGG16_FC512, vgg16Fc512Architecture(), batchSize, seed);
  }

  /**
   * The benchmark's VGG-16: the zoo's 13 convolutions (3×3 with padding 1, BatchNorm, ReLU;
   * average pooling after each of the five stages), then the narrow classifier common in CIFAR code,
   * Linear 512 → 512 → 512 → 10 without dropout, where the zoo's {@code vgg16} has two layers of
   * 4096. For 3×32×32 inputs.
   */
  static Architecture vgg16Fc512Architecture() {
    ArchitectureBuilder b = new ArchitectureBuilder(VGG16_FC512, TensorShape.of(3, 32, 32));
    int[][] stages = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    for (int[] stage : stages) {
      for (int channels : stage) {
        b.conv(channels, 3, 1, 1).batchNorm(1e-5).activation(Activation.RELU);
      }
      b.avgPool(2);
    }
    return b.flatten().linear(512).activation(Activation.RELU).linear(512).activation(Activation.RELU)
        .linear(10).build(10);
  }

  /** The zoo's VGG-16 (classifier 4096 → 4096 → 10) for 3×32×32 inputs, with seeded random weights on random images. */
  static Workload zooVgg16(int batchSize, long seed) {
    Architecture arch = ModelZoo.architecture("vgg16", TensorShape.of(3, 32, 32), 10, Activation.RELU);
    return random("vgg16", arch, batchSize, seed);
  }

  private static Workload random(String name, Architecture arch, int batchSize, long seed) {
    Batch batch = randomImages(arch.inputShape(), batchSize, seed);
    Batch calibration = randomImages(arch.inputShape(), Math.min(batchSize, 16), seed + 1);
    SpikingNetwork snn = FiringRateCalibration.calibrate(RandomSpikingNetworks.of(arch, seed),
        calibration, FIRING_RATE);
    return new Workload(name, snn, batch, "random weights, seed " + seed + ", mean rate limit "
        + FIRING_RATE + " on random images");
  }

  private static Batch randomImages(TensorShape shape, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[Math.toIntExact(n * shape.size())];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(10);
    }
    return new Batch(x, labels, n, shape.dim(0), shape.dim(1), shape.dim(2));
  }

  private static boolean isSpiking(Path folder) throws IOException {
    return NetworkFiles.load(folder).architecture().layers().stream()
        .anyMatch(org.spikebridge.network.Layer.IntegrateAndFire.class::isInstance);
  }
}
