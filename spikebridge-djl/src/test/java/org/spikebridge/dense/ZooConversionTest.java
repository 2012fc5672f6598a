package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
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
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.train.TrainableNetwork;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Every zoo model with Rate Norm Layers and seeded random weights, converted by {@code rnl} and
 * simulated by the dense engine: the ANN's own forward pass (TrainableNetwork, BatchNorm not folded)
 * and the engine's rate limits predict the same classes (the conversion is exact in the rate limit).
 * For one model of each family (cnn7, resnet20, alexnet, vgg16, preactresnet18) also: every
 * spiking layer's rate approaches its Rate Norm output (Lemma 1: K_l(T) below half of K_l(T/8)), and
 * the SNN predicts the ANN's class on at least 99% of the inputs at T (all of them, for these few
 * inputs). With θ = running max, random deep networks fire so sparsely in their last
 * layers (large Ω) that this would need thousands of steps; the threshold scale is therefore set to
 * p = sigmoid(0) = 1/2 — the lever stage 2 pulls — and the ANN compared with is the same network
 * with that p.
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
    Engine.getInstance().setRandomSeed((int) seed); // the noise batches: independent of earlier tests
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(arch, seed, manager)) {
      for (int i = 0; i < 8; i++) {
        net.forward(manager.randomNormal(new Shape(batch, shape.dim(0), shape.dim(1), shape.dim(2))), true);
      }
      Network trained = net.toNetwork(PROVENANCE);
      Map<String, Tensor> values = new LinkedHashMap<>(trained.parameters());
      values.replaceAll((name, value) -> name.endsWith("." + Layer.RateNorm.P_LOGIT)
          ? Tensor.filled(value.shape(), 0f) : value);
      return new Network(arch, values, PROVENANCE);
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

  /** "t:agreeing" at t = T/8, T/4, T/2 and T, for the failure message. */
  private static String agreementAtSteps(Recording rec, float[] logits, int n) {
    StringBuilder text = new StringBuilder();
    int steps = rec.steps.size();
    for (int t : new int[] {steps / 8, steps / 4, steps / 2, steps}) {
      int[] predictions = rec.steps.get(t - 1).predictions();
      int agree = 0;
      for (int i = 0; i < n; i++) {
        agree += predictions[i] == argMax(logits, i, 10) ? 1 : 0;
      }
      text.append(t).append(':').append(agree).append('/').append(n).append(' ');
    }
    return text.toString().strip();
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
      "cnn7, 1, 28, 20, 128",
      "resnet20, 3, 32, 8, 128",
      "alexnet, 1, 28, 8, 128",
      "vgg16, 3, 32, 8, 128",
      "preactresnet18, 3, 32, 8, 128"})
  void convertedZooModelMatchesItsAnn(String model, int channels, int size, int n, int steps) {
    Converted run = convertAndSimulate(model, channels, size, n, steps);
    int[] last = run.recording().steps.get(steps - 1).predictions();
    int same = 0;
    for (int i = 0; i < n; i++) {
      same += last[i] == argMax(run.logits(), i, 10) ? 1 : 0;
    }
    assertThat((double) same / n).as("share of inputs whose SNN class at T = %d is the ANN's (%s)",
        steps, agreementAtSteps(run.recording(), run.logits(), n)).isGreaterThanOrEqualTo(0.99);
    StepRecord end = run.recording().steps.get(steps - 1);
    StepRecord early = run.recording().steps.get(steps / 8 - 1);
    for (int l = 0; l < end.k().length; l++) {
      double kEnd = meanK(end.k()[l]);
      double kEarly = meanK(early.k()[l]);
      assertThat(kEnd).as("K of spiking layer " + l + " falls").isLessThan(kEarly / 2);
    }
  }

  /**
   * The other members of the families above (same builders, fewer or more layers): the conversion
   * is exact in the rate limit. Their spiking convergence is that of vgg16 and preactresnet18,
   * which the test above simulates for 128 steps; 8 steps here keep the suite within its time
   * budget.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"vgg11", "vgg13", "vgg19", "preactresnet34"})
  void otherZooModelConvertsExactly(String model) {
    convertAndSimulate(model, 3, 32, 8, 8);
  }

  /** A converted zoo model's run, and the ANN's logits on the same inputs. */
  private record Converted(Recording recording, float[] logits) {}

  /**
   * Converts {@code model} with random weights, simulates n noise inputs for {@code steps} steps,
   * and checks that the engine's rate-limit class of every input is the ANN's.
   */
  private static Converted convertAndSimulate(String model, int channels, int size, int n, int steps) {
    TensorShape shape = TensorShape.of(channels, size, size);
    Network ann = randomNetwork(model, shape, 11, 8);
    SpikingNetwork snn = new RateNormConversion().convert(ann,
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL));
    Batch batch = noise(n, shape, 12);
    Recording rec = new Recording();
    ENGINE.simulate(snn, batch, new SimulationOptions(steps, InputCoding.CONSTANT,
        InitialMembrane.HALF_THRESHOLD, Readout.ACCUMULATE, 1), rec);
    float[] logits = annLogits(ann, batch);
    for (int i = 0; i < n; i++) {
      assertThat(rec.batches.get(0).annPredictions()[i]).as("rate-limit class of input " + i)
          .isEqualTo(argMax(logits, i, 10));
    }
    return new Converted(rec, logits);
  }
}
