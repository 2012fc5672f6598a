package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Layer;
import org.spikebridge.train.EpochMetrics;
import org.spikebridge.train.TrainingConfig.OptimizerKind;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TrainingState;

/**
 * The CIFAR path of the command line on synthetic files in CIFAR-10's binary format: VGG-16 and
 * PreActResNet-18 train a few batches with the CIFAR recipe as defaults (SGD 0.1, momentum 0.9,
 * weight decay 5e-4, cosine, crop and flip) and their loss falls; then both convert.
 */
class CifarTrainingTest {
  @TempDir
  static Path shared;
  static Path data;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeData() throws IOException {
    data = SyntheticCifar.write(shared.resolve("cifar"), 8, 8);
  }

  private static void succeeds(Result result) {
    assertThat(result.code()).as("exit code; standard error: %s", result.err()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"vgg16", "preactresnet18"})
  void trainsWithTheCifarRecipeAndConverts(String model) throws IOException {
    Path run = dir.resolve("run");
    succeeds(CliRun.run("train", "--model", model, "--dataset", "cifar-10", "--data-dir",
        data.toString(), "--epochs", "3", "--batch-size", "8", "--validation-size", "8",
        "--train-limit", "24", "--seed", "3", "--out", run.toString()));
    TrainingState state = new TrainingDirectory(run).latestState();
    assertThat(state.config().optimizer()).isEqualTo(OptimizerKind.SGD);
    assertThat(state.config().learningRate()).isEqualTo(0.1);
    assertThat(state.config().weightDecay()).isEqualTo(5e-4);
    assertThat(state.config().augment()).isTrue();
    List<EpochMetrics> history = state.history();
    assertThat(history).hasSize(3);
    assertThat(history.get(2).trainLoss()).as("training loss after 3 epochs of 2 batches")
        .isLessThan(history.get(0).trainLoss());

    Path snn = dir.resolve("snn");
    succeeds(CliRun.run("convert", "--checkpoint", run.toString(), "--method", "rnl", "--out",
        snn.toString()));
    SpikingNetwork converted = SpikingNetwork.load(snn);
    assertThat(converted.spikingLayers()).hasSize(model.equals("vgg16") ? 15 : 17);
    assertThat(converted.network().architecture().layers().stream()
        .anyMatch(Layer.Affine.class::isInstance)).isEqualTo(model.startsWith("preact"));
  }
}
