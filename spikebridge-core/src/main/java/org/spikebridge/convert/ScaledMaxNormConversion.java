package org.spikebridge.convert;

import java.util.List;
import java.util.Map;
import org.spikebridge.network.Network;

/**
 * Threshold scaling (Han et al. 2020; method name {@code scaled}): the Max Norm thresholds times
 * {@link ConversionOptions#factor()} (default {@value ConversionOptions#DEFAULT_FACTOR}), which
 * trades clipping of the largest activations for fewer time steps to reach a rate. Provenance
 * adds {@code conversion.factor}. See {@link DataNormConversion} for the conversion itself.
 */
public final class ScaledMaxNormConversion extends DataNormConversion {
  /** The name the command line accepts. */
  public static final String NAME = "scaled";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Map<String, float[]> scales(Network prepared, List<String> relus,
      CalibrationSet calibration, ConversionOptions options) {
    return layerWide(ActivationStatistics.layerMax(prepared, relus, calibration), options.factor());
  }

  @Override
  protected void putSettings(Map<String, String> settings, ConversionOptions options) {
    settings.put("conversion.factor", Double.toString(options.factor()));
  }
}
