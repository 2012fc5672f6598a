package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code spikebridge convert}: a trained ANN to a spiking network. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert a trained network into a spiking network (integrate-and-fire neurons "
        + "with reset by subtraction).")
final class ConvertCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true,
      description = "A training run folder (its best model is used) or a network folder.")
  Path checkpoint;

  @Option(names = "--method", defaultValue = "rnl", description = "Conversion method (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--form", defaultValue = "balancing", converter = FormConverter.class,
      description = "Theorem 1's form: balancing (weights kept, thresholds θ) or weight-norm "
          + "(thresholds 1, weights rescaled) (default: ${DEFAULT-VALUE}).")
  ThresholdForm form;

  @Option(names = "--maxpool", defaultValue = "fail", converter = MaxPoolConverter.class,
      description = "fail on MaxPool2d layers, or avg to replace them by average pooling "
          + "(default: ${DEFAULT-VALUE}).")
  MaxPoolPolicy maxPool;

  @Option(names = "--out", required = true, description = "Folder for the spiking network.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputFolders.requireAbsentOrEmpty(out);
    Network ann = Checkpoints.load(checkpoint);
    SpikingNetwork snn = ConversionMethods.byName(method).convert(ann, new ConversionOptions(form, maxPool));
    SpikingNetwork.save(snn, out);
    System.out.println("converted with " + method + " (" + form.name().toLowerCase(java.util.Locale.ROOT)
        + ") into " + out.toAbsolutePath());
    for (Layer.IntegrateAndFire layer : snn.spikingLayers()) {
      float[] theta = snn.thresholds(layer);
      System.out.printf("  %-10s threshold %s%n", layer.name(), theta.length == 1
          ? String.format("%.4f", theta[0]) : theta.length + " per-channel values");
    }
    return 0;
  }

  /** Accepts {@code balancing} and {@code weight-norm}. */
  static final class FormConverter implements ITypeConverter<ThresholdForm> {
    @Override
    public ThresholdForm convert(String value) {
      return switch (value) {
        case "balancing" -> ThresholdForm.THRESHOLD_BALANCING;
        case "weight-norm" -> ThresholdForm.WEIGHT_NORMALIZATION;
        default -> throw new IllegalArgumentException("expected balancing or weight-norm, found '" + value + "'");
      };
    }
  }

  /** Accepts {@code fail} and {@code avg}. */
  static final class MaxPoolConverter implements ITypeConverter<MaxPoolPolicy> {
    @Override
    public MaxPoolPolicy convert(String value) {
      return switch (value) {
        case "fail" -> MaxPoolPolicy.FAIL;
        case "avg" -> MaxPoolPolicy.AVERAGE;
        default -> throw new IllegalArgumentException("expected fail or avg, found '" + value + "'");
      };
    }
  }
}
