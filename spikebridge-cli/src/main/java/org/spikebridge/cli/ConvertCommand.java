package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.Map;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.ConversionMethod;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.Split;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code spikebridge convert}: a trained ANN to a spiking network. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert a trained network into a spiking network (integrate-and-fire neurons "
        + "with reset by subtraction).")
final class ConvertCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true,
      description = "A training run folder (its best model is used) or a network folder.")
  Path checkpoint;

  @Option(names = "--method", defaultValue = "rnl", description = "Conversion method: rnl (Rate "
      + "Norm Layers), or for a ReLU network maxnorm, robustnorm, scaled, channelnorm "
      + "(default: ${DEFAULT-VALUE}).")
  String method;

  @Mixin
  DatasetOptions data;

  @Option(names = "--calibration-size", defaultValue = "5000",
      description = "Training images sampled to calibrate maxnorm, robustnorm, scaled and "
          + "channelnorm, and for --calibrate (all when the split is smaller) (default: ${DEFAULT-VALUE}).")
  int calibrationSize;

  @Option(names = "--percentile", defaultValue = "99.9",
      description = "Percentile of the non-zero activations for robustnorm (default: ${DEFAULT-VALUE}).")
  double percentile;

  @Option(names = "--factor", defaultValue = "0.8",
      description = "Factor on the Max Norm thresholds for scaled (default: ${DEFAULT-VALUE}).")
  double factor;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the shuffle that samples the calibration images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--form", defaultValue = "balancing", converter = FormConverter.class,
      description = "Theorem 1's form: balancing (weights kept, thresholds θ) or weight-norm "
          + "(thresholds 1, weights rescaled) (default: ${DEFAULT-VALUE}).")
  ThresholdForm form;

  @Option(names = "--maxpool", defaultValue = "fail", converter = MaxPoolConverter.class,
      description = "fail on MaxPool2d layers, avg to replace them by average pooling, or spike "
          + "to keep them as spiking max pooling after their activation (each window passes on "
          + "the spikes of its neuron with the most spikes so far) (default: ${DEFAULT-VALUE}).")
  MaxPoolPolicy maxPool;

  @Option(names = "--calibrate", paramLabel = "T",
      description = "Calibrate the spiking network for T time steps right after conversion, on the "
          + "calibration images (as the calibrate command does; docs/calibration.md).")
  Integer calibrateAt;

  @Mixin
  OutputNormalizationOptions output;

  @Option(names = "--out", required = true, description = "Folder for the spiking network.")
  Path out;

  /** The id of the dataset the calibration images came from, once read. */
  private String calibrationSource;

  @Override
  public Integer call() throws Exception {
    if (calibrateAt != null) {
      Calibrations.checkTimesteps(calibrateAt, "--calibrate");
    }
    boolean normalize = output.requested();
    SpikingNetwork snn;
    try (StagedFolder staged = StagedFolder.create(out)) {
      snn = convert(normalize);
      SpikingNetwork.save(snn, staged.path());
      staged.commit();
    }
    System.out.println("converted with " + method + " (" + form.name().toLowerCase(java.util.Locale.ROOT)
        + ") into " + out.toAbsolutePath());
    for (Layer.IntegrateAndFire layer : snn.spikingLayers()) {
      float[] theta = snn.thresholds(layer);
      System.out.printf("  %-10s threshold %s%n", layer.name(), theta.length == 1
          ? String.format("%.4f", theta[0]) : theta.length + " per-channel values");
    }
    if (InitialMembrane.trainedFor(snn) == InitialMembrane.HALF_THRESHOLD) {
      System.out.println("its Rate Norm Layers are quantized with a half-step shift: simulate starts "
          + "it from v(0) = θ/2 and compares it with the quantized ANN");
    }
    return 0;
  }

  /**
   * The spiking network of the checkpoint, with where its calibration images came from,
   * calibrated with {@code --calibrate}, and its output layer normalized when {@code normalize}.
   */
  private SpikingNetwork convert(boolean normalize) throws java.io.IOException {
    Network ann = Checkpoints.load(checkpoint);
    ConversionMethod conversion = ConversionMethods.byName(method);
    ConversionOptions options = new ConversionOptions(form, maxPool).withPercentile(percentile)
        .withFactor(factor);
    CalibrationSet images = conversion.needsCalibration() || calibrateAt != null
        || normalize ? calibration(ann) : null;
    SpikingNetwork snn = conversion.needsCalibration()
        ? withCalibrationSource(conversion.convert(ann, options.withCalibration(images)))
        : conversion.convert(ann, options);
    SpikingNetwork calibrated = calibrateAt == null ? snn
        : Calibrations.calibrate(snn, images, calibrateAt, calibrationSource, seed,
            ResetMode.SUBTRACT);
    return normalize ? withCalibrationSource(output.apply(calibrated, images)) : calibrated;
  }

  /** A seeded sample of the training split (never the test set), normalized as in training. */
  private CalibrationSet calibration(Network ann) throws java.io.IOException {
    if (calibrationSize <= 0) {
      throw new IllegalArgumentException("--calibration-size must be > 0, found " + calibrationSize);
    }
    TensorShape input = ann.architecture().inputShape();
    DatasetSource source = data.source(ann);
    ImageSet train = DatasetOptions.load(source, Split.TRAIN, input, checkpoint);
    calibrationSource = source.id();
    return CalibrationSet.sample(train, data.normalization(source, ann), calibrationSize, seed);
  }

  /** {@code snn} with where its calibration images came from added to its provenance. */
  private SpikingNetwork withCalibrationSource(SpikingNetwork snn) {
    Network n = snn.network();
    return new SpikingNetwork(new Network(n.architecture(), n.parameters(),
        n.provenance().withSettings(Map.of("conversion.calibrationDataset", calibrationSource
            + "/train", "conversion.calibrationSeed", Long.toString(seed)))));
  }

  /** Accepts {@code balancing} and {@code weight-norm}. */
  static final class FormConverter implements ITypeConverter<ThresholdForm> {
    @Override
    public ThresholdForm convert(String value) {
      try {
        return ConversionOptions.parseForm(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Accepts {@code fail}, {@code avg} and {@code spike}. */
  static final class MaxPoolConverter implements ITypeConverter<MaxPoolPolicy> {
    @Override
    public MaxPoolPolicy convert(String value) {
      try {
        return ConversionOptions.parseMaxPool(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
