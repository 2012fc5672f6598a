package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.spikebridge.convert.ActivationStatistics;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.RateNormFromRelu;
import org.spikebridge.train.ScaleSharing;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.StageTwoConfig;
import org.spikebridge.train.StageTwoTraining;
import org.spikebridge.train.ThresholdScaling;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingConfig.OptimizerKind;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TuneDirectory;

/**
 * The demo's training phases, each into folders of its own inside the demo's folder: the ReLU
 * twin ({@code relu/}), the stage-1 fine-tunes ({@code rnl/}, {@code rnl-q8/}) and the stage-2
 * tunes ({@code tune/}, and with {@code --full} {@code tune-clip/}, {@code tune-q8/}). Each phase
 * is a {@link PhaseClock#phase}: done by an earlier, killed run, it reloads its networks; else it
 * continues its training runs from their checkpoints or progress, or starts them.
 */
final class DemoTraining {
  /** The demo's dataset. */
  static final KnownDataset DATASET = KnownDataset.FASHION_MNIST;
  /** Quantization levels of the demo's quantized Rate Norm network ({@code rnl-q8}). */
  static final int LEVELS = 8;
  /** The folders the phases write, inside the demo's folder. */
  static final List<String> FOLDERS =
      List.of("relu", "rnl", "rnl-q" + LEVELS, "tune", "tune-clip", "tune-q" + LEVELS);
  /** The spike penalty of the quantized network's fine-tuning (TrainingConfig#spikePenalty). */
  private static final double SPIKE_PENALTY = 0.1;
  /**
   * Epochs of each stage 2. In one epoch at the demo's learning rates p′ walks from 3 (rnl+ril,
   * rnl+ril-clip) past the accuracy tolerance, so the candidate with the lowest Ω within it is the
   * last one before the accuracy drops by a point.
   */
  private static final int TUNE_EPOCHS = 1;

  /** The stage-1 networks: Rate Norm, and quantized to {@link #LEVELS} levels. */
  record StageOne(Network rnl, Network quantized) {}

  private final Path folder;
  private final TrainValidationSplit split;
  private final ImageSet test;
  private final Normalization normalization;
  private final Provenance provenance;
  private final long seed;
  private final PhaseClock clock;
  private final TensorShape shape = TensorShape.of(DATASET.channels(), DATASET.height(), DATASET.width());

  /**
   * The phases of a demo writing into {@code folder}, training on {@code split}, measuring on
   * {@code test}, timed (and logged for a resume) by {@code clock}.
   */
  DemoTraining(Path folder, TrainValidationSplit split, ImageSet test, Normalization normalization,
      Provenance provenance, long seed, PhaseClock clock) {
    this.folder = folder;
    this.split = split;
    this.test = test;
    this.normalization = normalization;
    this.provenance = provenance;
    this.seed = seed;
    this.clock = clock;
  }

  /** Phase 1: the ReLU twin's best network. */
  Network reluTwin(int epochs) throws IOException {
    Path dir = folder.resolve("relu");
    return clock.phase("1/4 training the ReLU twin (" + epochs + " epochs)", () -> {
      StageOneTraining training = stageOne(Activation.RELU, epochs, 3e-3, 0, dir);
      boolean resume = new TrainingDirectory(dir).recover();
      training.run(ModelZoo.cnn7(shape, 10, Activation.RELU), provenance, resume);
      return best(dir);
    }, () -> best(dir));
  }

  /**
   * Phase 2: the Rate Norm network fine-tuned from {@code relu} (running maxima from its
   * activations on {@code calibration}) and its twin quantized to {@link #LEVELS} levels.
   */
  StageOne stageOne(Network relu, int epochs, CalibrationSet calibration) throws IOException {
    Path rnlDir = folder.resolve(FOLDERS.get(1));
    Path quantizedDir = folder.resolve(FOLDERS.get(2));
    return clock.phase("2/4 fine-tuning the Rate Norm network from it (" + epochs
        + " epochs), then its twin quantized to " + LEVELS + " levels", () -> {
          List<String> reluLayers = relu.architecture().layers().stream()
              .filter(Layer.Relu.class::isInstance).map(Layer::name).toList();
          Map<String, Float> maxima = ActivationStatistics.layerMax(relu, reluLayers, calibration);
          Architecture rnl = ModelZoo.cnn7(shape, 10, Activation.RATE_NORM);
          fineTune(RateNormFromRelu.initialize(relu, rnl, maxima, provenance), 0, epochs, rnlDir);
          fineTune(RateNormFromRelu.initialize(relu, rnl.withRateNormLevels(LEVELS), maxima,
              provenance), SPIKE_PENALTY, epochs, quantizedDir);
          return new StageOne(best(rnlDir), best(quantizedDir));
        }, () -> new StageOne(best(rnlDir), best(quantizedDir)));
  }

  /**
   * Phase 3: stage 2's picks for the Rate Norm network (Eq. 6); with {@code full} also clip-only,
   * and for the quantized network from its own p′.
   */
  List<Network> stageTwo(StageOne stageOne, boolean full) throws IOException {
    List<Path> dirs = (full ? FOLDERS.subList(3, 6) : FOLDERS.subList(3, 4)).stream()
        .map(folder::resolve).toList();
    return clock.phase("3/4 stage 2: tuning the threshold scale with the Rate Inference Loss"
        + (full ? " (Eq. 6, then clip-only, then the quantized network's)" : ""), () -> {
          OptionalDouble init = OptionalDouble.of(StageTwoConfig.DEFAULT_INIT);
          tune(stageOne.rnl(), stageTwo(init, 3e-3, ThresholdScaling.RATE), dirs.get(0));
          if (full) {
            tune(stageOne.rnl(), stageTwo(init, 1e-2, ThresholdScaling.CLIP_ONLY), dirs.get(1));
            // from stage 1's own p′, which is already close to its best: Adam's default learning rate
            tune(stageOne.quantized(), stageTwo(OptionalDouble.empty(),
                StageTwoConfig.DEFAULT_LEARNING_RATE, ThresholdScaling.RATE), dirs.get(2));
          }
          return picks(dirs);
        }, () -> picks(dirs));
  }

  /** Fine-tunes {@code initial} into {@code dir}, or continues that run from its checkpoint. */
  private void fineTune(Network initial, double spikePenalty, int epochs, Path dir)
      throws IOException {
    StageOneTraining training = stageOne(Activation.RATE_NORM, epochs, 1e-3, spikePenalty, dir);
    if (new TrainingDirectory(dir).recover()) {
      training.run(initial.architecture(), provenance, true);
    } else {
      training.fineTune(initial, provenance);
    }
  }

  /** Stage 2 on {@code rnl} with {@code config} into {@code dir}, continued if it was started. */
  private void tune(Network rnl, StageTwoConfig config, Path dir) throws IOException {
    new StageTwoTraining(config, split.train(), split.validation(), normalization, dir,
        new StageTwoProgress()).resume(rnl, provenance);
  }

  private static List<Network> picks(List<Path> dirs) throws IOException {
    List<Network> picks = new ArrayList<>();
    for (Path dir : dirs) {
      picks.add(new TuneDirectory(dir).bestNetwork());
    }
    return picks;
  }

  private static Network best(Path dir) throws IOException {
    return new TrainingDirectory(dir).bestNetwork();
  }

  /**
   * Stage 2's settings: {@link #TUNE_EPOCHS}, one shared p′, batches of 128, and λ, tolerance and
   * evaluation interval at their defaults.
   */
  private StageTwoConfig stageTwo(OptionalDouble init, double learningRate, ThresholdScaling scaling) {
    return new StageTwoConfig(StageTwoConfig.DEFAULT_LAMBDA, init, learningRate, TUNE_EPOCHS, 128,
        StageTwoConfig.DEFAULT_ACCURACY_TOLERANCE, StageTwoConfig.DEFAULT_EVAL_EVERY,
        ScaleSharing.SHARED, seed, scaling);
  }

  private StageOneTraining stageOne(Activation activation, int epochs, double lr, double spikePenalty,
      Path dir) {
    TrainingConfig config = new TrainingConfig("cnn7", DATASET.id(), activation, epochs, 128,
        OptimizerKind.ADAM, lr, 0.9, 0, LearningRateSchedule.Kind.COSINE, 30, 0.1,
        split.validation().size(), 0, false, seed, spikePenalty);
    return new StageOneTraining(config, split.train(), split.validation(), test, normalization,
        new TrainingDirectory(dir), new ProgressBars());
  }
}
