package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.train.TrainableNetwork;

class BaselineConvertCommandTest {
  private static final Provenance PROVENANCE =
      new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of());
  @TempDir
  static Path shared;
  static Path data;
  static Path ann;

  @TempDir
  Path dir;

  @BeforeAll
  static void prepare() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 100, 20);
    ann = shared.resolve("ann");
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 3, manager)) {
      NetworkFiles.save(net.toNetwork(PROVENANCE), ann);
    }
  }

  @Test
  void maxNormConvertsAReluCheckpointCalibratedOnTheTrainingSplit() throws IOException {
    Path snnDir = dir.resolve("snn");
    Result r = run("convert", "--checkpoint", ann.toString(), "--method", "maxnorm",
        "--data-dir", data.toString(), "--calibration-size", "40", "--seed", "7",
        "--out", snnDir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("converted with maxnorm").contains("relu1");
    SpikingNetwork snn = SpikingNetwork.load(snnDir);
    assertThat(snn.spikingLayers()).extracting(Layer::name)
        .containsExactly("relu1", "relu2", "relu3");
    for (Layer.IntegrateAndFire l : snn.spikingLayers()) {
      assertThat(snn.thresholds(l)).hasSize(1);
      assertThat(snn.thresholds(l)[0]).as(l.name()).isPositive();
    }
    assertThat(snn.network().provenance().settings())
        .containsEntry("conversion.method", "maxnorm")
        .containsEntry("conversion.calibrationImages", "40")
        .containsEntry("conversion.calibrationDataset", "fashion-mnist/train")
        .containsEntry("conversion.calibrationSeed", "7");

    // a larger size than the split: all 100 training images; channelnorm: per-channel thresholds
    Path channel = dir.resolve("channel");
    Result c = run("convert", "--checkpoint", ann.toString(), "--method", "channelnorm",
        "--data-dir", data.toString(), "--out", channel.toString());
    assertThat(c.code()).as(c.err()).isZero();
    SpikingNetwork cn = SpikingNetwork.load(channel);
    assertThat(cn.network().provenance().settings())
        .containsEntry("conversion.calibrationImages", "100");
    assertThat(cn.thresholds(cn.spikingLayers().get(0))).hasSize(32);
  }

  @Test
  void theSeedChoosesTheCalibrationImages() throws IOException {
    Network base = NetworkFiles.load(ann);
    float[] t1 = thresholds("a", "1");
    float[] t1again = thresholds("b", "1");
    float[] t2 = thresholds("c", "2");
    assertThat(t1again).containsExactly(t1);
    assertThat(t2).isNotEqualTo(t1);
    assertThat(base.architecture().layer("relu1")).isInstanceOf(Layer.Relu.class);
  }

  private float[] thresholds(String name, String seed) throws IOException {
    Path out = dir.resolve(name);
    Result r = run("convert", "--checkpoint", ann.toString(), "--method", "robustnorm",
        "--percentile", "99", "--data-dir", data.toString(), "--calibration-size", "10",
        "--seed", seed, "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    SpikingNetwork snn = SpikingNetwork.load(out);
    assertThat(snn.network().provenance().settings()).containsEntry("conversion.percentile", "99.0");
    return snn.thresholds(snn.spikingLayers().get(0));
  }

  @Test
  void rnlOnAReluNetworkFailsNamingTheLayer() {
    Path out = dir.resolve("snn");
    Result r = run("convert", "--checkpoint", ann.toString(), "--method", "rnl",
        "--out", out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("'relu1'").contains("maxnorm").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void aNonPositiveCalibrationSizeIsAnErrorAndWritesNothing() {
    Path out = dir.resolve("snn");
    Result r = run("convert", "--checkpoint", ann.toString(), "--method", "maxnorm",
        "--data-dir", data.toString(), "--calibration-size", "0", "--out", out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--calibration-size").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }
}
