package org.spikebridge.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.event.PostConversionCalibration;

/**
 * What {@code spikebridge inspect} prints of a network: a headline, a table of its layers (type,
 * output shape, parameters, threshold θ and quantization levels), the conversion and calibration
 * settings of a spiking network, and its provenance.
 */
final class NetworkSummary {
  /** The provenance settings of a conversion start with it. */
  static final String CONVERSION = "conversion.";

  private NetworkSummary() {}

  /** The summary of {@code network}, lines ending in a newline. */
  static String of(Network network) {
    Architecture a = network.architecture();
    boolean spiking = a.layers().stream().anyMatch(Layer.IntegrateAndFire.class::isInstance);
    Map<String, String> settings = network.provenance().settings();
    StringBuilder out = new StringBuilder();
    out.append(spiking ? "spiking network '" + a.name() + "', converted by "
        + settings.getOrDefault(CONVERSION + "method", "an unrecorded method")
        : "network '" + a.name() + "' (ANN)").append('\n');
    long total = network.parameters().values().stream().mapToLong(t -> t.shape().size()).sum();
    out.append(String.format(Locale.ROOT, "input %s, %d classes, %d layers, %,d parameters%n%n",
        a.inputShape(), a.numClasses(), a.layers().size(), total));
    layers(network, out);
    section(out, "conversion", settings, CONVERSION);
    section(out, "calibration", settings, PostConversionCalibration.PROVENANCE);
    provenance(network.provenance(), out);
    return out.toString();
  }

  private static void layers(Network network, StringBuilder out) {
    Architecture a = network.architecture();
    Map<String, TensorShape> shapes = Architecture.inferShapes(a.inputShape(), a.layers());
    // the name column as wide as the longest name (an imported network's names can be long)
    int names = a.layers().stream().mapToInt(l -> l.name().length()).max().orElse(0);
    String row = "%-" + Math.max(14, names) + "s %-17s %-16s %12s  %-30s %s%n";
    out.append(String.format(Locale.ROOT, row, "layer", "type", "output", "parameters", "threshold θ", "levels"));
    for (Layer layer : a.layers()) {
      out.append(String.format(Locale.ROOT, row, layer.name(), layer.getClass().getSimpleName(),
          shapes.get(layer.name()), String.format(Locale.ROOT, "%,d", parameters(network, layer)),
          threshold(network, layer), levels(layer)));
    }
  }

  /** The number of values of the parameters named {@code <layer>.<local name>}. */
  private static long parameters(Network network, Layer layer) {
    String prefix = layer.name() + ".";
    return network.parameters().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().indexOf('.', prefix.length()) < 0)
        .mapToLong(e -> e.getValue().shape().size()).sum();
  }

  /**
   * θ of an integrate-and-fire layer (one value, or the range and mean of its per-channel values)
   * or of a Rate Norm Layer (sigmoid(p′)·running_max + ε, with p); empty for other layers.
   */
  private static String threshold(Network network, Layer layer) {
    if (layer instanceof Layer.IntegrateAndFire f) {
      float[] theta = network.parameter(f.name() + "." + Layer.IntegrateAndFire.THRESHOLD).data();
      String v0 = f.initialMembrane() ? ", calibrated v(0)" : "";
      if (theta.length == 1) {
        return number(theta[0]) + v0;
      }
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      double sum = 0;
      for (float t : theta) {
        min = Math.min(min, t);
        max = Math.max(max, t);
        sum += t;
      }
      return number(min) + " – " + number(max) + " (mean " + number(sum / theta.length) + ")" + v0;
    }
    if (layer instanceof Layer.RateNorm r) {
      double pLogit = scalar(network, r.name() + "." + Layer.RateNorm.P_LOGIT);
      double max = scalar(network, r.name() + "." + Layer.RateNorm.RUNNING_MAX);
      return number(Layer.RateNorm.threshold(pLogit, max)) + " (p " + number(Layer.RateNorm.scale(pLogit))
          + ", max " + number(max) + ")";
    }
    return "";
  }

  private static double scalar(Network network, String name) {
    Tensor t = network.parameter(name);
    return t.data()[0];
  }

  /** The quantization levels of a Rate Norm or integrate-and-fire layer; "-" when continuous or another layer. */
  private static String levels(Layer layer) {
    int levels = layer instanceof Layer.IntegrateAndFire f ? f.levels()
        : layer instanceof Layer.RateNorm r ? r.levels() : 0;
    return levels > 0 ? Integer.toString(levels) : "-";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.5g", value).replaceFirst("\\.?0+$", "");
  }

  /** The settings starting with {@code prefix}, without it, under {@code title}; nothing when there are none. */
  private static void section(StringBuilder out, String title, Map<String, String> settings, String prefix) {
    Map<String, String> part = settings.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue,
            (x, y) -> x, TreeMap::new));
    if (!part.isEmpty()) {
      out.append('\n').append(title).append('\n');
      part.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-22s %s%n", k, v)));
    }
  }

  private static void provenance(Provenance p, StringBuilder out) {
    out.append("\nprovenance\n");
    out.append(String.format(Locale.ROOT, "  %-22s %s%n", "dataset", p.dataset()));
    out.append(String.format(Locale.ROOT, "  %-22s %d%n", "seed", p.seed()));
    out.append(String.format(Locale.ROOT, "  %-22s %s%n", "command", p.command()));
    out.append(String.format(Locale.ROOT, "  %-22s %s%n", "versions", p.versions().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
    List<Map.Entry<String, String>> rest = p.settings().entrySet().stream()
        .filter(e -> !e.getKey().startsWith(CONVERSION) && !e.getKey().startsWith(PostConversionCalibration.PROVENANCE))
        .toList();
    rest.forEach(e -> out.append(String.format(Locale.ROOT, "  %-22s %s%n", e.getKey(), e.getValue())));
  }
}
