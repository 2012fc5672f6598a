package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;

class StageTwoTrainingTest {
  private static final ImageSet TRAIN = SyntheticImages.make("train", 1500, 1);
  private static final ImageSet VALIDATION = SyntheticImages.make("validation", 200, 2);
  /** Stage 2 tunes on 600 images: 12 batches of 50. */
  private static final ImageSet TUNE = TRAIN.subset(java.util.stream.IntStream.range(0, 600).toArray());
  private static final Provenance PROVENANCE = new Provenance("synthetic", 4, "test", Map.of(), Map.of());

  @TempDir
  static Path shared;
  static Network stageOne;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainStageOne() throws IOException {
    TrainingConfig config = new TrainingConfig("cnn7", "synthetic", Activation.RATE_NORM, 3, 50,
        TrainingConfig.OptimizerKind.ADAM, 3e-3, 0.9, 1e-4, LearningRateSchedule.Kind.COSINE, 1,
        0.1, 200, 0, false, 4, 0);
    new StageOneTraining(config, TRAIN, VALIDATION, VALIDATION, Normalization.none(1),
        new TrainingDirectory(shared), new TrainingListener() {})
        .run(ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), PROVENANCE, false);
    stageOne = new TrainingDirectory(shared).bestNetwork();
  }

  private static StageTwoConfig config(double lr, double tolerance, ScaleSharing sharing) {
    return new StageTwoConfig(1.0, OptionalDouble.of(3.0), lr, 1, 50, tolerance, 4, sharing, 1, ThresholdScaling.RATE);
  }

  private StageTwoTraining.Result tune(StageTwoConfig config, Path out) throws IOException {
    return new StageTwoTraining(config, TUNE, VALIDATION, Normalization.none(1), out,
        new StageTwoListener() {}).run(stageOne, PROVENANCE);
  }

  @Test
  void tuningLowersMeanOmegaAndChangesNothingButTheScale() throws IOException {
    StageTwoTraining.Result result = tune(config(0.02, 100, ScaleSharing.SHARED), dir);
    List<StageTwoTraining.Measurement> m = result.measurements();
    // 600 / 50 = 12 iterations: measured at 0, 4, 8 and after 12
    assertThat(m).extracting(StageTwoTraining.Measurement::iteration).containsExactly(0L, 4L, 8L, 12L);
    assertThat(m.get(0).p()).hasSize(1);
    assertThat(m.get(0).p().get(0)).isCloseTo(1 / (1 + Math.exp(-3)), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(m.get(3).p().get(0)).isLessThan(m.get(0).p().get(0));
    assertThat(m.get(3).meanOmega()).isLessThan(m.get(0).meanOmega());
    assertThat(result.stageOneValidationAccuracy()).as("stage 1 learned the task").isGreaterThan(50);

    // every measurement met the (wide) tolerance: all saved, the pick has the lowest Ω
    assertThat(result.candidates()).hasSize(4).allMatch(c -> c.folder() != null);
    assertThat(result.pick().meanOmega()).isEqualTo(
        m.stream().mapToDouble(StageTwoTraining.Measurement::meanOmega).min().orElseThrow());
    TuneDirectory out = new TuneDirectory(dir);
    assertThat(out.bestFolder()).isEqualTo(dir.resolve(result.pick().folder()));
    assertThat(Files.readAllLines(dir.resolve(TuneDirectory.CANDIDATES_CSV))).hasSize(5)
        .first().asString().startsWith("iteration,lambda,p,validation_accuracy,mean_omega");
    assertThat(Files.readAllLines(dir.resolve(TuneDirectory.EVALUATIONS_CSV))).hasSize(5);
    assertThat(result.pick().folder()).matches("candidates/lam1\\.000_acc\\d+\\.\\d\\d_omega\\d+\\.\\d{3}_it\\d{4}");

    Network tuned = out.bestNetwork();
    assertThat(tuned.provenance().settings()).containsEntry("stage", "2").containsEntry("lambda", "1.0")
        .containsEntry("init", "3.0").containsEntry("sharing", "shared").containsKey("accTolerance");
    int scales = 0;
    for (var e : stageOne.parameters().entrySet()) {
      Tensor after = tuned.parameter(e.getKey());
      if (e.getKey().endsWith("." + Layer.RateNorm.P_LOGIT)) {
        scales++;
        assertThat(after.data()[0]).as(e.getKey()).isNotEqualTo(e.getValue().data()[0]);
        assertThat(after.data()[0]).as(e.getKey()).isEqualTo(tuned.parameter("rnl1.p_logit").data()[0]);
      } else {
        assertThat(after.data()).as(e.getKey() + " bit-identical").isEqualTo(e.getValue().data());
      }
    }
    assertThat(scales).isEqualTo(3);
    try (var files = Files.walk(dir)) {
      assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp") || p.contains(".partial-"));
    }
    // every candidate folder is a complete network folder
    for (StageTwoTraining.Measurement c : result.candidates()) {
      assertThat(NetworkFiles.load(dir.resolve(c.folder())).parameters()).hasSameSizeAs(stageOne.parameters());
    }
  }

  /**
   * A run stopped after a measurement (the listener hears measurement 3, at iteration 8, before its
   * progress.json is written, so that measurement's candidate folder is left over) resumes from
   * measurement 2 to the files of a run never stopped, per-layer scales, optimizer state and all;
   * resuming the finished run reads its result back.
   */
  @Test
  void aStoppedRunResumesToTheFilesOfAnUninterruptedOne() throws IOException {
    StageTwoConfig config = config(0.02, 100, ScaleSharing.PER_LAYER);
    Path straight = dir.resolve("straight");
    StageTwoTraining.Result uninterrupted = tune(config, straight);
    Path stopped = dir.resolve("stopped");
    StageTwoListener stopAtEight = new StageTwoListener() {
      @Override
      public void measured(StageTwoTraining.Measurement m) {
        if (m.iteration() == 8) {
          throw new IllegalStateException("stopped");
        }
      }
    };
    assertThatThrownBy(() -> new StageTwoTraining(config, TUNE, VALIDATION, Normalization.none(1),
        stopped, stopAtEight).run(stageOne, PROVENANCE)).hasMessage("stopped");
    assertThat(Files.readAllLines(stopped.resolve(TuneDirectory.EVALUATIONS_CSV))).hasSize(4);
    assertThat(new TuneDirectory(stopped).isFinished()).isFalse();

    StageTwoTraining resumed = new StageTwoTraining(config, TUNE, VALIDATION, Normalization.none(1),
        stopped, new StageTwoListener() {});
    assertThat(resumed.resume(stageOne, PROVENANCE)).isEqualTo(uninterrupted);
    for (String file : List.of(TuneDirectory.CANDIDATES_CSV, TuneDirectory.EVALUATIONS_CSV,
        TuneDirectory.BEST, TuneDirectory.PROGRESS)) {
      assertThat(stopped.resolve(file)).as(file).hasSameTextualContentAs(straight.resolve(file));
    }
    try (var a = Files.list(stopped.resolve(TuneDirectory.CANDIDATES));
        var b = Files.list(straight.resolve(TuneDirectory.CANDIDATES))) {
      assertThat(a.map(Path::getFileName).map(Path::toString))
          .containsExactlyInAnyOrderElementsOf(b.map(Path::getFileName).map(Path::toString).toList());
    }
    assertThat(new TuneDirectory(stopped).bestNetwork().parameters())
        .isEqualTo(new TuneDirectory(straight).bestNetwork().parameters());
    assertThat(new TuneDirectory(stopped).isFinished()).isTrue();
    assertThat(resumed.resume(stageOne, PROVENANCE)).isEqualTo(uninterrupted);
  }

  /**
   * Clip-only scaling trains p as well, and saves ordinary Eq. 6 networks: the readers of each
   * Rate Norm Layer (conv2, conv3, fc1) carry p in their weights, everything else is stage 1's, and
   * the saved network, run as any network, has the validation accuracy stage 2 measured for it.
   */
  @Test
  void clipOnlyScalingSavesEquationSixNetworksWithPFoldedIntoTheReaders() throws IOException {
    StageTwoConfig clip = new StageTwoConfig(1.0, OptionalDouble.of(3.0), 0.05, 1, 50, 100, 4, ScaleSharing.SHARED, 1,
        ThresholdScaling.CLIP_ONLY);
    StageTwoTraining.Result result = tune(clip, dir);
    List<StageTwoTraining.Measurement> m = result.measurements();
    assertThat(m.get(m.size() - 1).p().get(0)).isLessThan(m.get(0).p().get(0));
    assertThat(m.get(m.size() - 1).meanOmega()).isLessThan(m.get(0).meanOmega());

    StageTwoTraining.Measurement last = m.get(m.size() - 1);
    Network saved = NetworkFiles.load(dir.resolve(last.folder()));
    assertThat(saved.provenance().settings()).containsEntry("thresholdScaling", "clip_only");
    float p = (float) (1 / (1 + Math.exp(-saved.parameter("rnl1.p_logit").data()[0])));
    assertThat((double) p).isCloseTo(last.p().get(0), org.assertj.core.api.Assertions.within(1e-6));
    for (var e : stageOne.parameters().entrySet()) {
      String name = e.getKey();
      float[] before = e.getValue().data();
      float[] after = saved.parameter(name).data();
      if (List.of("conv2.weight", "conv3.weight", "fc1.weight").contains(name)) {
        for (int i = 0; i < before.length; i++) {
          assertThat(after[i]).as(name).isEqualTo(before[i] * p);
        }
      } else if (!name.endsWith("." + Layer.RateNorm.P_LOGIT)) {
        assertThat(after).as(name + " bit-identical").isEqualTo(before);
      }
    }
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork eq6 = TrainableNetwork.of(saved, manager)) {
      assertThat(Evaluation.accuracy(eq6, VALIDATION, Normalization.none(1), 100))
          .isEqualTo(last.validationAccuracy());
    }
  }

  @Test
  void perLayerScalesMoveApart() throws IOException {
    StageTwoTraining.Result result = tune(config(0.05, 100, ScaleSharing.PER_LAYER), dir);
    List<Double> p = result.measurements().get(result.measurements().size() - 1).p();
    assertThat(p).hasSize(3);
    assertThat(p.stream().distinct().count()).isGreaterThan(1);
    assertThat(result.pick().withinTolerance()).isTrue();
  }

  @Test
  void withNoCandidateWithinToleranceTheMostAccurateMeasurementIsSavedAndPicked() throws IOException {
    // p = sigmoid(-4) ≈ 0.018 saturates every Rate Norm Layer: far below stage 1 with tolerance 0
    StageTwoConfig hopeless = new StageTwoConfig(1.0, OptionalDouble.of(-4.0), 0.02, 1, 50, 0, 4, ScaleSharing.SHARED, 1,
        ThresholdScaling.RATE);
    StageTwoTraining.Result result = tune(hopeless, dir);

    assertThat(result.measurements()).as("stage 1 at %.2f %%", result.stageOneValidationAccuracy())
        .noneMatch(StageTwoTraining.Measurement::withinTolerance);
    assertThat(result.pickWithinTolerance()).isFalse();
    assertThat(result.candidates()).containsExactly(result.pick());
    assertThat(result.pick().validationAccuracy()).isEqualTo(result.measurements().stream()
        .mapToDouble(StageTwoTraining.Measurement::validationAccuracy).max().orElseThrow());
    assertThat(result.pick().validationAccuracy())
        .isLessThan(result.stageOneValidationAccuracy());
    TuneDirectory out = new TuneDirectory(dir);
    assertThat(out.bestFolder()).isEqualTo(dir.resolve(result.pick().folder()));
    assertThat(out.bestNetwork().parameters()).hasSameSizeAs(stageOne.parameters());
    assertThat(Files.readAllLines(dir.resolve(TuneDirectory.CANDIDATES_CSV))).hasSize(2);
  }

  @Test
  void aReluNetworkIsRefused() {
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork relu = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 1, manager)) {
      Network network = relu.toNetwork(PROVENANCE);
      assertThatThrownBy(() -> new StageTwoTraining(config(0.02, 1, ScaleSharing.SHARED), TRAIN,
          VALIDATION, Normalization.none(1), dir, new StageTwoListener() {}).run(network, PROVENANCE))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Rate Norm Layer");
    }
  }

  /** stageOne quantized to 8 levels, with p′ = 0.2, 0, −0.2 in rnl1..rnl3 as if trained so. */
  private static Network quantizedStageOne() {
    Map<String, Tensor> values = new java.util.LinkedHashMap<>(stageOne.parameters());
    float[] logits = {0.2f, 0f, -0.2f};
    for (int i = 0; i < logits.length; i++) {
      values.put("rnl" + (i + 1) + "." + Layer.RateNorm.P_LOGIT, Tensor.filled(TensorShape.of(1), logits[i]));
    }
    return new Network(stageOne.architecture().withRateNormLevels(8), values, PROVENANCE);
  }

  /**
   * A quantized network starts from its own p′, one per layer: the first measurement is stage 1
   * itself (its p and its accuracy), and the candidates keep the levels and change only p′.
   */
  @Test
  void aQuantizedNetworkIsTunedPerLayerFromItsOwnScales() throws IOException {
    Network quantized = quantizedStageOne();
    StageTwoConfig config = new StageTwoConfig(1.0, OptionalDouble.empty(), 0.05, 1, 50, 100, 4,
        ScaleSharing.PER_LAYER, 1, ThresholdScaling.RATE);
    StageTwoTraining.Result result = new StageTwoTraining(config, TUNE, VALIDATION,
        Normalization.none(1), dir, new StageTwoListener() {}).run(quantized, PROVENANCE);

    StageTwoTraining.Measurement first = result.measurements().get(0);
    assertThat(first.p()).hasSize(3);
    double[] expected = {1 / (1 + Math.exp(-0.2)), 0.5, 1 / (1 + Math.exp(0.2))};
    for (int i = 0; i < 3; i++) {
      assertThat(first.p().get(i)).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6));
    }
    assertThat(first.validationAccuracy()).isEqualTo(result.stageOneValidationAccuracy());
    StageTwoTraining.Measurement last = result.measurements().get(result.measurements().size() - 1);
    assertThat(last.meanOmega()).isLessThan(first.meanOmega());

    Network saved = NetworkFiles.load(dir.resolve(last.folder()));
    assertThat(saved.architecture()).isEqualTo(quantized.architecture());
    assertThat(saved.provenance().settings()).containsEntry("init", "stage 1")
        .containsEntry("sharing", "per_layer");
    for (var e : quantized.parameters().entrySet()) {
      float[] after = saved.parameter(e.getKey()).data();
      if (e.getKey().endsWith("." + Layer.RateNorm.P_LOGIT)) {
        assertThat(after[0]).as(e.getKey()).isNotEqualTo(e.getValue().data()[0]);
      } else {
        assertThat(after).as(e.getKey() + " bit-identical").isEqualTo(e.getValue().data());
      }
    }
  }

  /**
   * A new start or clip-only scaling would each lose the fit of the levels to the trained
   * thresholds, and unequal p′ cannot be shared: refused, naming the layer(s) and the setting, with
   * nothing written.
   */
  @Test
  void aQuantizedNetworkRefusesAStartClipOnlyScalingAndSharingUnequalScales() {
    Network quantized = quantizedStageOne();
    Map<StageTwoConfig, List<String>> refused = Map.of(
        new StageTwoConfig(1.0, OptionalDouble.of(3.0), 0.02, 1, 50, 1, 4, ScaleSharing.PER_LAYER,
            1, ThresholdScaling.RATE), List.of("'rnl1'", "8 levels", "--init"),
        new StageTwoConfig(1.0, OptionalDouble.empty(), 0.02, 1, 50, 1, 4, ScaleSharing.PER_LAYER,
            1, ThresholdScaling.CLIP_ONLY), List.of("'rnl1'", "8 levels", "--clip-only"),
        new StageTwoConfig(1.0, OptionalDouble.empty(), 0.02, 1, 50, 1, 4, ScaleSharing.SHARED, 1,
            ThresholdScaling.RATE), List.of("rnl2.p_logit", "rnl1.p_logit", "--per-layer-scale"));
    refused.forEach((config, words) -> {
      Path out = dir.resolve(words.get(words.size() - 1));
      assertThatThrownBy(() -> new StageTwoTraining(config, TRAIN, VALIDATION, Normalization.none(1),
          out, new StageTwoListener() {}).run(quantized, PROVENANCE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContainingAll(words.toArray(String[]::new));
      assertThat(out).as(words.get(2)).doesNotExist();
    });
  }
}
