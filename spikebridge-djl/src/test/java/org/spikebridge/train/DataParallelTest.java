package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spikebridge.dense.Devices;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.train.TrainableNetwork.ForwardPass;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Data parallelism, with every "device" the CPU (this machine has no GPU; moving an array to the
 * CPU it is on is then the identity, so what is checked is the split, the gather, the gradient
 * flow and which shard updates the statistics — the same code paths a multi-GPU run takes).
 */
class DataParallelTest {
  private static final Provenance PROVENANCE = new Provenance("random", 1, "test", Map.of(), Map.of());
  private static final DataParallel TWO = new DataParallel(List.of(Device.cpu(), Device.cpu()));
  private static final DataParallel THREE =
      new DataParallel(Collections.nCopies(3, Device.cpu()));
  private NDManager manager;
  private Network network;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Architecture arch = ModelZoo.architecture("cnn7", TensorShape.of(1, 28, 28), 10,
        Activation.RATE_NORM);
    Engine.getInstance().setRandomSeed(3);
    try (TrainableNetwork net = TrainableNetwork.initialize(arch, 3, manager)) {
      // training-mode passes give BatchNorm statistics and running maxima away from their start
      for (int i = 0; i < 3; i++) {
        net.forward(manager.randomNormal(new Shape(16, 1, 28, 28)), true);
      }
      network = net.toNetwork(PROVENANCE);
    }
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray images(int n) {
    return manager.randomNormal(new Shape(n, 1, 28, 28));
  }

  @Test
  void evaluationOverShardsEqualsOneDevice() {
    NDArray x = images(5);
    try (TrainableNetwork net = TrainableNetwork.of(network, manager)) {
      ForwardPass whole = net.forward(x, Mode.EVAL);
      for (DataParallel parallel : List.of(TWO, THREE)) {
        ForwardPass split = parallel.forward(net, x, Mode.EVAL);
        assertThat(split.logits().getShape()).isEqualTo(whole.logits().getShape());
        assertThat(split.logits().toFloatArray())
            .containsExactly(whole.logits().toFloatArray(), within(1e-5f));
        assertThat(split.rates()).hasSameSizeAs(whole.rates());
        for (int l = 0; l < whole.rates().size(); l++) {
          assertThat(split.rates().get(l).toFloatArray())
              .containsExactly(whole.rates().get(l).toFloatArray(), within(1e-6f));
        }
      }
    }
  }

  @Test
  void stageTwoGradientOverShardsEqualsOneDevice() {
    NDArray x = images(7);
    float[] whole = stageTwoGradient(DataParallel.cpu(), x);
    float[] split = stageTwoGradient(THREE, x);
    assertThat(whole[0]).isNotZero();
    assertThat(split[0]).isCloseTo(whole[0], within(1e-5f * Math.abs(whole[0]) + 1e-7f));
  }

  private float[] stageTwoGradient(DataParallel parallel, NDArray x) {
    try (TrainableNetwork frozen = TrainableNetwork.of(network, manager);
        TrainableNetwork net = TrainableNetwork.of(network, manager, ScaleSharing.SHARED)) {
      frozen.freeze();
      NDArray scale = net.trainThresholdScalesOnly().values().iterator().next();
      scale.subi(scale.sub(2f)); // p′ = 2: p well inside (0, 1), so the gradient is not tiny
      NDArray target = parallel.logits(frozen, x, Mode.EVAL);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        ForwardPass pass = parallel.forward(net, x, Mode.TUNE_SCALE);
        collector.backward(new RateInferenceLoss(1).evaluate(target, pass.logits(), pass.rates()).loss());
      }
      return scale.getGradient().toFloatArray();
    }
  }

  /**
   * Stage 1 with BatchNorm: the gradient is the size-weighted mean of the shards' own gradients,
   * each computed alone on a fresh copy; the running statistics are those of the first shard.
   */
  @Test
  void trainingOverShardsIsTheShardWeightedGradientWithFirstShardStatistics() {
    NDArray x = images(6);
    int[] labels = {3, 1, 4, 1, 5, 9};
    NDArray y = manager.create(labels);
    String weight = "conv2.weight";
    String runningMean = "bn2.running_mean";
    assertThat(network.parameters()).containsKeys(weight, runningMean);

    float[] expected = new float[Math.toIntExact(network.parameter(weight).shape().size())];
    float[] firstShardMean = null;
    for (int[] shard : new int[][] {{0, 3}, {3, 6}}) {
      try (TrainableNetwork alone = TrainableNetwork.of(network, manager)) {
        NDIndex rows = new NDIndex("{}:{}", shard[0], shard[1]);
        float[] g = ceGradient(alone, DataParallel.cpu(), x.get(rows), y.get(rows), weight);
        for (int i = 0; i < g.length; i++) {
          expected[i] += g[i] * (shard[1] - shard[0]) / 6f;
        }
        if (firstShardMean == null) {
          firstShardMean = alone.parameters().get(runningMean).toFloatArray();
        }
      }
    }
    try (TrainableNetwork net = TrainableNetwork.of(network, manager)) {
      float[] actual = ceGradient(net, TWO, x, y, weight);
      float scale = 0;
      for (float v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertThat(scale).isPositive();
      assertThat(actual).containsExactly(expected, within(1e-4f * scale));
      assertThat(net.parameters().get(runningMean).toFloatArray())
          .containsExactly(firstShardMean, within(1e-6f));
    }
  }

  private static float[] ceGradient(TrainableNetwork net, DataParallel parallel, NDArray x,
      NDArray y, String parameter) {
    NDArray w = net.trainableParameters().get(parameter);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits = parallel.logits(net, x, Mode.TRAIN);
      collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
    }
    return w.getGradient().toFloatArray();
  }

  @Test
  void severalGpusNeedTheGpuDeviceAndFallBackToWhatIsPresent() {
    ByteArrayOutputStream notices = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(notices, true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Devices.parse("cpu", 2, out)).hasMessageContaining("--gpus 2 needs --device gpu");
    assertThatThrownBy(() -> Devices.parse("gpu", 0, out)).hasMessageContaining("--gpus");
    List<Device> devices = Devices.parse("gpu", 2, out);
    int present = Engine.getInstance().getGpuCount();
    if (present == 0) {
      assertThat(devices).containsExactly(Device.cpu());
      assertThat(notices.toString(StandardCharsets.UTF_8)).contains("running on the CPU");
    } else {
      assertThat(devices).hasSize(Math.min(2, present)).allMatch(Device::isGpu);
    }
  }
}
