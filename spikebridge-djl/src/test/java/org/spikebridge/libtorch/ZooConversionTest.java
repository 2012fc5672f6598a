package org.spikebridge.libtorch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.RateNormConversion;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.train.TrainableNetwork;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Every zoo model with Rate Norm Layers and seeded random weights, converted by {@code rnl} and
 * simulated by the dense engine: the ANN's own forward pass (TrainableNetwork, BatchNorm not folded)
 * and the engine's rate limits predict the same classes (the conversion is exact in the rate limit);
 * every spiking layer's rate approaches its Rate Norm output (Lemma 1: K_l(T) below K_l(T/8);
 * below half of it and below 0.2 where the classes are checked); and, for cnn7 and ResNet-20, the SNN predicts the ANN's class on at least 99% of
 * the inputs at large T. The deep random VGGs, AlexNet and pre-activation ResNets have near-tied
 * logits and very sparse rates in their last layers, so their class check would need a T too long
 * for a CPU test: there the test checks exactness and convergence on one or two inputs at T = 32.
 */
class ZooConversionTest {
  private static final Provenance PROVENANCE = new Provenance("random", 1, "test", Map.of(), Map.of());
  private static final DenseEngine ENGINE = new DenseEngine(Device.cpu());

  /**
   * A zoo model with random weights whose BatchNorm statistics and running maxima come from eight
   * training-mode passes over batches of {@code batch} noise images (so activations are neither
   * dead nor all saturated).
   */
  static Network randomNetwork(String model, TensorShape shape, long seed, int batch) {
    Architecture arch = ModelZoo.architecture(model, shape, 10, Activation.RATE_NORM);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(arch, seed, manager)) {
      for (int i = 0; i < 8; i++) {
        net.forward(manager.randomNormal(new Shape(batch, shape.dim(0), shape.dim(1), shape.dim(2))), true);
      }
      return net.toNetwork(PROVENANCE);
    }
  }

  private static Batch noise(int n, TensorShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[Math.toIntExact(n * shape.size())];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return new Batch(x, new int[n], n, shape.dim(0), shape.dim(1), shape.dim(2));
  }

  private static float[] annLogits(Network ann, Batch batch) {
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.of(ann, manager)) {
      NDArray x = manager.create(batch.images(),
          new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
      return net.forward(x, Mode.EVAL).logits().toFloatArray();
    }
  }

  /** Mean of K_l over the images where it is defined (r̂ ≠ 0). */
  private static double meanK(float[] k) {
    double sum = 0;
    int count = 0;
    for (float v : k) {
      if (!Float.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  private static int argMax(float[] logits, int i, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[i * classes + c] > logits[i * classes + best]) {
        best = c;
      }
    }
    return best;
  }

  @ParameterizedTest(name = "{0}: {3} inputs, T = {4}")
  @CsvSource({
      "cnn7, 1, 28, 20, 128, true",
      "resnet20, 3, 32, 4, 128, true",
      "alexnet, 1, 28, 2, 32, false",
      "vgg11, 3, 32, 2, 32, false",
      "vgg13, 3, 32, 2, 32, false",
      "vgg16, 3, 32, 1, 32, false",
      "vgg19, 3, 32, 1, 32, false",
      "preactresnet18, 3, 32, 2, 32, false",
      "preactresnet34, 3, 32, 1, 32, false"})
  void convertedZooModelMatchesItsAnn(String model, int channels, int size, int n, int steps,
      boolean checkClasses) {
    TensorShape shape = TensorShape.of(channels, size, size);
    Network ann = randomNetwork(model, shape, 11, checkClasses ? 8 : 2);
    SpikingNetwork snn = new RateNormConversion().convert(ann,
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL));
    Batch batch = noise(n, shape, 12);
    Recording rec = new Recording();
    ENGINE.simulate(snn, batch, new SimulationOptions(steps, InputCoding.CONSTANT,
        InitialMembrane.HALF_THRESHOLD, Readout.ACCUMULATE, 1), rec);
    float[] logits = annLogits(ann, batch);
    int[] last = rec.steps.get(steps - 1).predictions();
    int same = 0;
    for (int i = 0; i < n; i++) {
      int expected = argMax(logits, i, 10);
      assertThat(rec.batches.get(0).annPredictions()[i]).as("rate-limit class of input " + i)
          .isEqualTo(expected);
      same += last[i] == expected ? 1 : 0;
    }
    if (checkClasses) {
      assertThat((double) same / n).as("share of inputs whose SNN class at T = " + steps
          + " is the ANN's").isGreaterThanOrEqualTo(0.99);
    }
    StepRecord end = rec.steps.get(steps - 1);
    StepRecord early = rec.steps.get(steps / 8 - 1);
    for (int l = 0; l < end.k().length; l++) {
      double kEnd = meanK(end.k()[l]);
      double kEarly = meanK(early.k()[l]);
      assertThat(kEnd).as("K of spiking layer " + l + " falls").isLessThan(checkClasses ? kEarly / 2 : kEarly);
      if (checkClasses) {
        assertThat(kEnd).as("K of spiking layer " + l + " at T").isLessThan(0.2);
      }
    }
  }
}
