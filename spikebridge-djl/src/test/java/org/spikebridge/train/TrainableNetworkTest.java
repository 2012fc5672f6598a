package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

class TrainableNetworkTest {
  private static final Provenance PROVENANCE = new Provenance("test", 1, "test", Map.of(), Map.of());

  /** conv(3, k3, pad 1) → BN → Rate Norm → AvgPool(2) → Flatten → Linear(12 → 4) on [2, 5, 5]. */
  private static Architecture small() {
    return new ArchitectureBuilder("small", TensorShape.of(2, 5, 5)).conv(3, 3, 1, 1)
        .batchNorm(1e-5).activation(Activation.RATE_NORM).avgPool(2).flatten().linear(4).build(4);
  }

  /** Random values for every parameter, with positive variances and running maxima. */
  private static Network randomNetwork(Architecture a, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> {
      float[] data = new float[(int) shape.size()];
      boolean positive = name.endsWith("running_var") || name.endsWith("running_max");
      for (int i = 0; i < data.length; i++) {
        data[i] = positive ? (float) (0.5 + random.nextDouble()) : (float) random.nextGaussian();
      }
      values.put(name, new Tensor(shape, data));
    });
    return new Network(a, values, PROVENANCE);
  }

  @Test
  void inferenceMatchesANaiveImplementation() {
    Network net = randomNetwork(small(), 7);
    SplittableRandom random = new SplittableRandom(3);
    int n = 2;
    float[] x = new float[n * 50];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork trainable = TrainableNetwork.of(net, manager)) {
      float[] out = trainable.forward(manager.create(x, new Shape(n, 2, 5, 5)), false).toFloatArray();
      for (int b = 0; b < n; b++) {
        double[] expected = naive(net, x, b);
        for (int k = 0; k < 4; k++) {
          assertThat((double) out[b * 4 + k]).isCloseTo(expected[k], within(1e-4));
        }
      }
    }
  }

  /** The small network's logits for image {@code b}, in doubles, loop by loop. */
  private static double[] naive(Network net, float[] x, int b) {
    float[] w = net.parameter("conv1.weight").data();
    float[] bias = net.parameter("conv1.bias").data();
    double[][][] act = new double[3][5][5];
    double theta = 1 / (1 + Math.exp(-net.parameter("rnl1.p_logit").data()[0]))
        * net.parameter("rnl1.running_max").data()[0] + 1e-6;
    for (int o = 0; o < 3; o++) {
      double gamma = net.parameter("bn1.weight").data()[o];
      double beta = net.parameter("bn1.bias").data()[o];
      double mean = net.parameter("bn1.running_mean").data()[o];
      double var = net.parameter("bn1.running_var").data()[o];
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          double z = bias[o];
          for (int c = 0; c < 2; c++) {
            for (int di = 0; di < 3; di++) {
              for (int dj = 0; dj < 3; dj++) {
                int yi = i + di - 1;
                int xj = j + dj - 1;
                if (yi >= 0 && yi < 5 && xj >= 0 && xj < 5) {
                  z += w[((o * 2 + c) * 3 + di) * 3 + dj] * x[((b * 2 + c) * 5 + yi) * 5 + xj];
                }
              }
            }
          }
          double normalized = (z - mean) / Math.sqrt(var + 1e-5) * gamma + beta;
          act[o][i][j] = Math.min(1, Math.max(0, normalized / theta));
        }
      }
    }
    double[] flat = new double[12];
    for (int o = 0; o < 3; o++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          flat[(o * 2 + i) * 2 + j] = (act[o][2 * i][2 * j] + act[o][2 * i + 1][2 * j]
              + act[o][2 * i][2 * j + 1] + act[o][2 * i + 1][2 * j + 1]) / 4;
        }
      }
    }
    float[] fw = net.parameter("fc1.weight").data();
    float[] fb = net.parameter("fc1.bias").data();
    double[] logits = new double[4];
    for (int k = 0; k < 4; k++) {
      logits[k] = fb[k];
      for (int f = 0; f < 12; f++) {
        logits[k] += fw[k * 12 + f] * flat[f];
      }
    }
    return logits;
  }

  @Test
  void initializationFollowsPyTorchDefaultsAndIsSeeded() {
    Architecture cnn7 = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork a = TrainableNetwork.initialize(cnn7, 5, manager);
        TrainableNetwork b = TrainableNetwork.initialize(cnn7, 5, manager);
        TrainableNetwork c = TrainableNetwork.initialize(cnn7, 6, manager)) {
      Network na = a.toNetwork(PROVENANCE);
      assertThat(na).isEqualTo(b.toNetwork(PROVENANCE));
      assertThat(na.parameter("conv2.weight")).isNotEqualTo(c.toNetwork(PROVENANCE).parameter("conv2.weight"));
      // conv2: fan_out = 32 * 3 * 3 = 288, so the weights are N(0, 2/288): std 0.0833
      float[] w = na.parameter("conv2.weight").data();
      double sum = 0;
      double squares = 0;
      for (float v : w) {
        sum += v;
        squares += v * v;
      }
      double mean = sum / w.length;
      assertThat(mean).isCloseTo(0, within(0.005));
      assertThat(Math.sqrt(squares / w.length - mean * mean)).isCloseTo(Math.sqrt(2.0 / 288), within(0.003));
      assertThat(na.parameter("conv2.bias").data()).containsOnly(0f);
      assertThat(na.parameter("bn3.weight").data()).containsOnly(1f);
      assertThat(na.parameter("bn3.running_var").data()).containsOnly(1f);
      assertThat(na.parameter("rnl1.running_max").data()).containsExactly(1f);
      assertThat(na.parameter("rnl1.p_logit").data()).containsExactly(10f);
      assertThat(a.trainableParameters().keySet()).doesNotContain("rnl1.p_logit", "rnl1.running_max",
          "bn1.running_mean").contains("conv1.weight", "bn1.weight", "fc1.bias");
    }
  }

  @Test
  void aQuantizedLayerStartsAtHalfItsRunningMaximum() {
    Architecture quantized = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM)
        .withRateNormLevels(8);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(quantized, 5, manager)) {
      Network n = net.toNetwork(PROVENANCE);
      for (String layer : List.of("rnl1", "rnl2", "rnl3")) {
        assertThat(n.parameter(layer + ".p_logit").data()).as(layer).containsExactly(0f);
      }
      assertThat(n.architecture()).isEqualTo(quantized);
    }
  }

  @Test
  void trainingForwardUpdatesRunningMaxAndDoesNotLeakArraysOntoTheModel() {
    Architecture cnn7 = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(cnn7, 5, manager)) {
      int before = net.manager().getManagedArrays().size();
      NDArray x = manager.randomNormal(new Shape(4, 1, 28, 28));
      try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
        net.forward(x, true);
      }
      assertThat(net.manager().getManagedArrays()).hasSize(before);
      assertThat(net.parameters().get("rnl1.running_max").getFloat()).isNotEqualTo(1f);
    }
  }

  @Test
  void integrateAndFireLayersCannotBeTrained() {
    Architecture a = new Architecture("snn", TensorShape.of(4), 4, List.of(
        new Layer.Linear("fc1", List.of("input"), 4, 4, true),
        new Layer.IntegrateAndFire("if1", List.of("fc1"), false)));
    Network net = randomNetwork(a, 1);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork t = TrainableNetwork.of(net, manager)) {
      assertThatThrownBy(() -> t.forward(manager.ones(new Shape(1, 4)), true))
          .hasMessageContaining("'if1'");
    }
  }

  @Test
  void aSharedScaleCollectsTheGradientOfEveryRateNormLayer() {
    Architecture cnn7 = ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork init = TrainableNetwork.initialize(cnn7, 5, manager)) {
      Network network = init.toNetwork(PROVENANCE);
      NDArray x = manager.randomNormal(new Shape(8, 1, 28, 28));
      float perLayerSum = 0;
      try (TrainableNetwork perLayer = TrainableNetwork.of(network, manager, ScaleSharing.PER_LAYER)) {
        assertThat(perLayer.thresholdScales()).hasSize(3);
        for (NDArray g : gradients(perLayer, x)) {
          perLayerSum += g.getFloat();
        }
      }
      try (TrainableNetwork shared = TrainableNetwork.of(network, manager, ScaleSharing.SHARED)) {
        assertThat(shared.thresholdScales()).containsOnlyKeys("rnl1.p_logit");
        float sharedGradient = gradients(shared, x).get(0).getFloat();
        assertThat(perLayerSum).isNotZero();
        assertThat(sharedGradient).isCloseTo(perLayerSum, within(1e-4f * Math.abs(perLayerSum)));
      }
    }
  }

  /** Gradients of the sum of the logits with respect to each distinct p′ (with p′ = 0: p = 0.5). */
  private static List<NDArray> gradients(TrainableNetwork net, NDArray x) {
    for (NDArray p : net.thresholdScales().values()) {
      p.set(new float[] {0f});
      p.setRequiresGradient(true);
    }
    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      gc.backward(net.forward(x, false).sum());
    }
    return net.thresholdScales().values().stream().map(NDArray::getGradient).toList();
  }

  @Test
  void unequalScalesCannotBeShared() {
    Network net = randomNetwork(ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> TrainableNetwork.of(net, manager, ScaleSharing.SHARED))
          .hasMessageContaining("rnl2.p_logit").hasMessageContaining("rnl1.p_logit");
    }
  }

  @Test
  void weightGradientsThroughRateNormMatchFiniteDifferences() {
    Network net = randomNetwork(small(), 11);
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[3 * 50];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork t = TrainableNetwork.of(net, manager)) {
      NDArray input = manager.create(x, new Shape(3, 2, 5, 5));
      NDArray w = t.parameters().get("conv1.weight");
      try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        gc.backward(t.forward(input, false).sum());
      }
      float[] analytic = w.getGradient().toFloatArray();
      float[] original = w.toFloatArray();
      double h = 1e-3;
      int checked = 0;
      for (int i = 0; i < original.length; i += 5) {
        float[] plus = original.clone();
        float[] minus = original.clone();
        plus[i] += (float) h;
        minus[i] -= (float) h;
        w.set(plus);
        double up = t.forward(input, false).sum().getFloat();
        w.set(minus);
        double down = t.forward(input, false).sum().getFloat();
        w.set(original);
        double numeric = (up - down) / (2 * h);
        assertThat((double) analytic[i]).as("d/d conv1.weight[%d]", i)
            .isCloseTo(numeric, within(1e-2 + 2e-2 * Math.abs(numeric)));
        checked++;
      }
      assertThat(checked).isGreaterThan(5);
    }
  }
}
