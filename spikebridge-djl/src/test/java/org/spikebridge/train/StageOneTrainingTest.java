package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;

class StageOneTrainingTest {
  private static final ImageSet TRAIN = SyntheticImages.make("train", 1500, 1);
  private static final ImageSet VALIDATION = SyntheticImages.make("validation", 200, 2);
  private static final ImageSet TEST = SyntheticImages.make("test", 300, 3);
  private static final Provenance PROVENANCE = new Provenance("synthetic", 4, "test", Map.of(), Map.of());

  @TempDir
  Path dir;

  private static TrainingConfig config(Activation activation, int epochs) {
    return config(activation, epochs, 0);
  }

  private static TrainingConfig config(Activation activation, int epochs, double spikePenalty) {
    return new TrainingConfig("cnn7", "synthetic", activation, epochs, 50,
        TrainingConfig.OptimizerKind.ADAM, 3e-3, 0.9, 1e-4, LearningRateSchedule.Kind.COSINE, 1,
        0.1, 200, 0, false, 4, spikePenalty);
  }

  private static Architecture cnn7(Activation activation) {
    return ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, activation);
  }

  private TrainingState train(TrainingConfig config, Path out, TrainingListener listener,
      boolean resume) throws IOException {
    return new StageOneTraining(config, TRAIN, VALIDATION, TEST, Normalization.none(1),
        new TrainingDirectory(out), listener).run(cnn7(config.activation()), PROVENANCE, resume);
  }

  @Test
  void rateNormAndReluNetworksLearnAnEasyTask() throws IOException {
    for (Activation activation : Activation.values()) {
      TrainingState state = train(config(activation, 3), dir.resolve(activation.name()),
          new TrainingListener() {}, false);
      List<EpochMetrics> h = state.history();
      assertThat(h).hasSize(3);
      assertThat(h.get(2).trainLoss()).as(activation + " loss").isLessThan(h.get(0).trainLoss());
      assertThat(h.get(2).testAccuracy()).as(activation + " test accuracy").isGreaterThan(90);
    }
  }

  @Test
  void expectedSpikesPerStepIsEveryRateNormLayersRateSumPerImage() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray r1 = manager.create(new float[] {0.5f, 0.25f, 1f, 0f}, new Shape(2, 2));
      NDArray r2 = manager.create(new float[] {0.1f, 0.3f}, new Shape(2, 1));
      r1.setRequiresGradient(true);
      NDArray spikes;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        spikes = StageOneTraining.expectedSpikesPerStep(List.of(r1, r2));
        gc.backward(spikes);
      }
      // (0.5 + 0.25 + 1 + 0)/2 + (0.1 + 0.3)/2 = 0.875 + 0.2
      assertThat(spikes.getFloat()).isCloseTo(1.075f, within(1e-6f));
      assertThat(r1.getGradient().toFloatArray()).containsOnly(0.5f);
    }
  }

  @Test
  void theSpikePenaltyLowersTheRatesOfTheTrainedNetwork() throws IOException {
    double[] spikes = new double[2];
    double[] penalties = {0, 2000};
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("penalty" + i);
      train(config(Activation.RATE_NORM, 1, penalties[i]), out, new TrainingListener() {}, false);
      Network trained = new TrainingDirectory(out).latestNetwork();
      assertThat(trained.provenance()).isEqualTo(PROVENANCE);
      // Σ_l ‖r̂_l‖₁ per image, from the plain-Java forward pass
      for (Batch batch : BatchIterator.epoch(VALIDATION, BatchOptions.evaluation(200, Normalization.none(1)), 0)) {
        Map<String, float[]> out2 = AnalogReference.forward(trained, batch.images(), batch.size());
        for (String layer : List.of("rnl1", "rnl2", "rnl3")) {
          for (float r : out2.get(layer)) {
            spikes[i] += r / (double) VALIDATION.size();
          }
        }
      }
    }
    assertThat(spikes[1]).isLessThan(0.8 * spikes[0]);
    assertThatThrownBy(() -> config(Activation.RELU, 1, 0.1))
        .hasMessageContaining("--activation rnl");
  }

  @Test
  void stageOneKeepsPFrozenAndMovesTheRunningMaxima() throws IOException {
    train(config(Activation.RATE_NORM, 1), dir, new TrainingListener() {}, false);
    Network trained = new TrainingDirectory(dir).latestNetwork();
    for (String layer : List.of("rnl1", "rnl2", "rnl3")) {
      assertThat(trained.parameter(layer + ".p_logit").data()).containsExactly(RateNormLayer.INITIAL_P_LOGIT);
      assertThat(trained.parameter(layer + ".running_max").data()[0]).isNotEqualTo(1f);
    }
  }

  /** A listener that fails at the given epoch and batch, like a killed process. */
  private static TrainingListener crashAt(int epoch, int batch) {
    return new TrainingListener() {
      int currentEpoch;
      int batches;

      @Override
      public void epochStarted(int e, int epochs, int perEpoch) {
        currentEpoch = e;
        batches = 0;
      }

      @Override
      public void batchFinished(double loss, double accuracy, double imagesPerSecond) {
        if (currentEpoch == epoch && ++batches == batch) {
          throw new IllegalStateException("crash");
        }
      }
    };
  }

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
    TrainingState straight = train(config(Activation.RATE_NORM, 3), dir.resolve("straight"),
        new TrainingListener() {}, false);
    Path crashed = dir.resolve("crashed");
    assertThatThrownBy(() -> train(config(Activation.RATE_NORM, 3), crashed, crashAt(2, 10), false))
        .hasMessage("crash");
    TrainingDirectory crashedDir = new TrainingDirectory(crashed);
    assertThat(crashedDir.latestState().epoch()).isEqualTo(1);
    TrainingState resumed = train(config(Activation.RATE_NORM, 3), crashed, new TrainingListener() {}, true);

    assertThat(resumed.history()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      EpochMetrics a = straight.history().get(i);
      EpochMetrics b = resumed.history().get(i);
      assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
      assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
    }
    assertThat(crashedDir.latestNetwork().parameters())
        .isEqualTo(new TrainingDirectory(dir.resolve("straight")).latestNetwork().parameters());
  }

  @Test
  void aLossThatIsNotANumberStopsTrainingAtItsBatchWithoutACheckpoint() {
    TrainingConfig diverging = new TrainingConfig("cnn7", "synthetic", Activation.RELU, 2, 50,
        TrainingConfig.OptimizerKind.SGD, 1e30, 0, 0, LearningRateSchedule.Kind.CONSTANT, 1, 0.1, 200, 0,
        false, 4, 0);
    assertThatThrownBy(() -> train(diverging, dir, new TrainingListener() {}, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("the training loss is (NaN|-?Infinity) at epoch 1, batch [2-9]: training stopped.*");
    assertThat(new TrainingDirectory(dir).hasCheckpoint()).isFalse();
  }

  @Test
  void onlyTheLatestAndTheBestCheckpointAreKept() throws IOException {
    TrainingState state = train(config(Activation.RELU, 3), dir, new TrainingListener() {}, false);
    List<String> kept;
    try (Stream<Path> folders = Files.list(dir.resolve("checkpoints"))) {
      kept = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    String best = String.format("epoch-%03d", state.bestEpoch());
    assertThat(kept).contains("epoch-003", best).hasSizeLessThanOrEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).hasSize(3);
    double bestValidation = state.history().stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow();
    assertThat(state.bestValidationAccuracy()).isEqualTo(bestValidation);
  }
}
