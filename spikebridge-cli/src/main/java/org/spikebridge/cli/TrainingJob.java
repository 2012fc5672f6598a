package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.spikebridge.convert.ActivationStatistics;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.train.DataParallel;
import org.spikebridge.train.EpochMetrics;
import org.spikebridge.train.RateNormFromRelu;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TrainingListener;
import org.spikebridge.train.TrainingState;

/** Loads the data a {@link TrainingConfig} names and runs stage 1 into an output folder. */
final class TrainingJob {
  /** Provenance setting naming the --levels of a quantized run. */
  private static final String LEVELS = "levels";
  /** Training images whose activations set the running maxima of a network started from ReLU. */
  private static final int CALIBRATION_IMAGES = 5000;

  private TrainingJob() {}

  /**
   * Runs (or resumes) the training on the dataset {@code data} names; refuses to overwrite a folder
   * that already holds a run. With {@code initFrom} (a trained ReLU twin), the Rate Norm network
   * starts from its weights, with each running_max set to the ReLU layer's largest activation on
   * 5,000 training images, and is fine-tuned; it is the twin's model (with its width), whatever
   * {@code --model} says. With {@code levels} &gt; 0 its Rate Norm Layers are
   * quantized ({@link Architecture#withRateNormLevels}); a resumed run keeps the levels it was saved
   * with.
   */
  static TrainingState run(TrainingConfig requested, DatasetOptions data, Path out, boolean resume,
      Path initFrom, int levels, DataParallel parallel, TrainingListener listener) throws IOException {
    checkOptions(requested, resume, initFrom, levels);
    TrainingDirectory directory = new TrainingDirectory(out);
    Network relu = initFrom != null && !resume ? Checkpoints.load(initFrom) : null;
    TrainingConfig config = relu == null ? requested : requested.withModel(relu.architecture().name());
    Network fitTo = relu;
    Map<String, String> savedSettings = Map.of();
    if (resume) {
      if (!directory.recover()) {
        throw new IOException(out + " holds no complete checkpoint to resume from (the run was "
            + "stopped in its first epoch, or never started): run without --resume");
      }
      TrainingState saved = directory.latestState();
      config = saved.config();
      fitTo = directory.latestNetwork();
      savedSettings = fitTo.provenance().settings();
      System.out.println("resuming " + out + " after epoch " + saved.epoch()
          + " of " + config.epochs() + " with its saved settings");
    } else if (Files.isDirectory(out) && !OutputFolders.isEmpty(out)) {
      throw new IOException(out + " already holds files: use --resume to continue that run, or "
          + "choose another --out (nothing was written)");
    }
    DatasetSource source = data.source(config.dataset(), fitTo);
    ImageSet train = source.load(Split.TRAIN);
    ImageSet test = source.load(Split.TEST);
    if (config.trainLimit() > 0 && config.trainLimit() < train.size()) {
      train = train.subset(IntStream.range(0, config.trainLimit()).toArray());
    }
    TrainValidationSplit split = TrainValidationSplit.of(train, config.validationSize(), config.seed());
    Architecture architecture = architecture(config, train, relu, directory);
    if (levels > 0) {
      architecture = architecture.withRateNormLevels(levels);
    }
    Normalization normalization = data.normalization(source, fitTo);
    StageOneTraining training = new StageOneTraining(config, split.train(), split.validation(), test,
        normalization, directory, listener, parallel);
    Map<String, String> dataSettings = data.provenance(source, normalization);
    if (resume && savedSettings.containsKey(DatasetOptions.DATA_DIR)) {
      dataSettings.putIfAbsent(DatasetOptions.DATA_DIR, savedSettings.get(DatasetOptions.DATA_DIR));
    }
    Provenance provenance = provenance(config, dataSettings, initFrom, parallel,
        resume ? savedSettings.get(LEVELS) : Integer.toString(levels));
    if (relu != null) {
      List<String> reluLayers = relu.architecture().layers().stream()
          .filter(Layer.Relu.class::isInstance).map(Layer::name).toList();
      Map<String, Float> maxima = ActivationStatistics.layerMax(relu, reluLayers,
          CalibrationSet.sample(split.train(), normalization, CALIBRATION_IMAGES, config.seed()));
      return training.fineTune(RateNormFromRelu.initialize(relu, architecture, maxima, provenance),
          provenance);
    }
    return training.run(architecture, provenance, resume);
  }

  /** Refuses the option combinations that make no sense, naming the option. */
  private static void checkOptions(TrainingConfig requested, boolean resume, Path initFrom,
      int levels) {
    if (initFrom != null && requested.activation() != Activation.RATE_NORM) {
      throw new IllegalArgumentException("--init-from starts a Rate Norm network from a ReLU twin: "
          + "use it with --activation rnl");
    }
    if (levels < 0 || levels > 0 && requested.activation() != Activation.RATE_NORM) {
      throw new IllegalArgumentException("--levels quantizes Rate Norm Layers: use a positive "
          + "number with --activation rnl, found " + levels);
    }
    if (levels > 0 && resume) {
      throw new IllegalArgumentException("--resume continues with the levels the run was saved "
          + "with: drop --levels");
    }
  }

  /**
   * The network stage 1 trains: a zoo model by name, or for a network from elsewhere (an imported
   * ReLU twin, or a resumed run that started from one) that network's own graph with Rate Norm
   * Layers in place of its ReLUs; an exception when it does not fit the dataset.
   */
  private static Architecture architecture(TrainingConfig config, ImageSet images, Network relu,
      TrainingDirectory directory) throws IOException {
    TensorShape shape = TensorShape.of(images.channels(), images.height(), images.width());
    if (ModelZoo.knows(config.model()) || relu == null && !directory.hasCheckpoint()) {
      return ModelZoo.architecture(config.model(), shape, images.numClasses(), config.activation());
    }
    Architecture own = relu != null ? relu.architecture().rateNormTwin()
        : directory.latestNetwork().architecture();
    if (!own.inputShape().equals(shape) || own.numClasses() != images.numClasses()) {
      throw new IllegalArgumentException("network '" + own.name() + "' takes inputs "
          + own.inputShape() + " and gives " + own.numClasses() + " classes, but "
          + config.dataset() + " has images " + shape + " and " + images.numClasses()
          + " classes");
    }
    return own;
  }

  /** Prints the best epoch's accuracies and where the model is. */
  static void printSummary(TrainingState state, Path out) {
    EpochMetrics best = state.history().get(state.bestEpoch() - 1);
    EpochMetrics last = state.history().get(state.history().size() - 1);
    System.out.printf("best epoch %d: validation %.2f%%, test %.2f%%; last epoch %d: test %.2f%%%n",
        best.epoch(), best.validationAccuracy(), best.testAccuracy(), last.epoch(),
        last.testAccuracy());
    System.out.println("model and checkpoints: " + out.toAbsolutePath());
  }

  private static Provenance provenance(TrainingConfig config, Map<String, String> dataSettings,
      Path initFrom, DataParallel parallel, String levels) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (var component : TrainingConfig.class.getRecordComponents()) {
      try {
        settings.put(component.getName(), String.valueOf(component.getAccessor().invoke(config)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    settings.put("stage", "1");
    // several GPUs change the numbers: BatchNorm then normalizes each GPU's shard on its own
    settings.put("devices", parallel.devices().toString());
    if (levels != null && !levels.equals("0")) {
      settings.put(LEVELS, levels);
    }
    if (initFrom != null) {
      settings.put("initFrom", initFrom.toAbsolutePath().toString());
    }
    settings.putAll(dataSettings);
    String command = ProcessHandle.current().info().commandLine().orElse("spikebridge train");
    return new Provenance(settings.get("dataset"), config.seed(), command, Versions.all(), settings);
  }
}
