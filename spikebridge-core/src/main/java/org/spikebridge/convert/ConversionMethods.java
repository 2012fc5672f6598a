package org.spikebridge.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The conversion methods by name, as the command line's {@code --method} accepts them. */
public final class ConversionMethods {
  private static final Map<String, Supplier<ConversionMethod>> METHODS = new LinkedHashMap<>();

  static {
    METHODS.put(RateNormConversion.NAME, RateNormConversion::new);
    METHODS.put(MaxNormConversion.NAME, MaxNormConversion::new);
    METHODS.put(RobustNormConversion.NAME, RobustNormConversion::new);
    METHODS.put(ScaledMaxNormConversion.NAME, ScaledMaxNormConversion::new);
    METHODS.put(ChannelNormConversion.NAME, ChannelNormConversion::new);
  }

  private ConversionMethods() {}

  /** The known names, in a fixed order. */
  public static List<String> names() {
    return List.copyOf(METHODS.keySet());
  }

  /** The method called {@code name}; an exception listing the known names if there is none. */
  public static ConversionMethod byName(String name) {
    Supplier<ConversionMethod> m = METHODS.get(name);
    if (m == null) {
      throw new IllegalArgumentException("unknown conversion method '" + name + "'; known: "
          + String.join(", ", names()));
    }
    return m.get();
  }
}
