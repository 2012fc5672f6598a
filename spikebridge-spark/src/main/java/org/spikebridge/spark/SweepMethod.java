package org.spikebridge.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spikebridge.convert.ConversionMethod;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.RobustNormConversion;
import org.spikebridge.convert.ScaledMaxNormConversion;

/**
 * A conversion method with its settings as a sweep names it: {@code NAME[:KEY=VALUE]…}, e.g.
 * {@code maxnorm}, {@code robustnorm:percentile=99.99} or {@code scaled:factor=0.7:form=weight-norm}.
 * The settings are those of {@code spikebridge convert}: {@code percentile} ({@code robustnorm}),
 * {@code factor} ({@code scaled}), {@code form} ({@code balancing}, {@code weight-norm}) and
 * {@code maxpool} ({@code fail}, {@code avg}, {@code spike}); the rest keep their defaults.
 *
 * @param label the whole text, the cell's method in ids and tables
 * @param method the conversion method
 * @param options its options, without calibration images
 */
record SweepMethod(String label, ConversionMethod method, ConversionOptions options) {
  private static final String PERCENTILE = "percentile";
  private static final String FACTOR = "factor";
  private static final String FORM = "form";
  private static final String MAXPOOL = "maxpool";

  /**
   * The method {@code label} names; an {@link IllegalArgumentException} naming the method and the
   * setting for an unknown method, an unknown or repeated setting, or a bad value.
   */
  static SweepMethod parse(String label) {
    String[] parts = label.strip().split(":", -1);
    ConversionMethod method = ConversionMethods.byName(parts[0]);
    ConversionOptions options = ConversionOptions.defaults();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      String key = eq < 0 ? parts[i] : parts[i].substring(0, eq);
      if (eq < 0 || !known(method).contains(key)) {
        throw new IllegalArgumentException("method " + parts[0] + ": expected settings KEY=VALUE with KEY one of "
            + String.join(", ", known(method)) + ", found '" + parts[i] + "'");
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException("method " + parts[0] + ": setting " + key + " given twice");
      }
      try {
        options = with(options, key, parts[i].substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("method " + parts[0] + ": setting " + parts[i] + ": " + e.getMessage(),
            e);
      }
    }
    return new SweepMethod(label, method, options);
  }

  /** The settings {@code method} takes. */
  private static List<String> known(ConversionMethod method) {
    List<String> keys = new ArrayList<>();
    if (method.name().equals(RobustNormConversion.NAME)) {
      keys.add(PERCENTILE);
    }
    if (method.name().equals(ScaledMaxNormConversion.NAME)) {
      keys.add(FACTOR);
    }
    keys.add(FORM);
    keys.add(MAXPOOL);
    return keys;
  }

  private static ConversionOptions with(ConversionOptions options, String key, String value) {
    return switch (key) {
      case PERCENTILE -> options.withPercentile(number(value));
      case FACTOR -> options.withFactor(number(value));
      case FORM -> options.withForm(ConversionOptions.parseForm(value));
      default -> options.withMaxPool(ConversionOptions.parseMaxPool(value));
    };
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, found '" + value + "'", e);
    }
  }
}
