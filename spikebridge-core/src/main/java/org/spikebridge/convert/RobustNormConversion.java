package org.spikebridge.convert;

import java.util.List;
import java.util.Map;
import org.spikebridge.network.Network;

/**
 * Robust Norm (Rueckauer et al. 2017; method name {@code robustnorm}): λ_l is the p-th percentile
 * ({@link ConversionOptions#percentile()}, default {@value ConversionOptions#DEFAULT_PERCENTILE})
 * of the <em>non-zero</em> activations of ReLU layer l over all calibration images, as snntoolbox
 * computes it ({@code numpy.percentile(a[a != 0], p)}, linear interpolation). It is estimated in
 * two streaming passes with a histogram of {@value ActivationStatistics#HISTOGRAM_BINS} bins over
 * [0, max_l], so it is within max_l/65,536 of the exact value ({@link
 * ActivationStatistics#percentile}). Provenance adds {@code conversion.percentile}. See {@link
 * DataNormConversion} for the conversion itself.
 */
public final class RobustNormConversion extends DataNormConversion {
  /** The name the command line accepts. */
  public static final String NAME = "robustnorm";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Map<String, float[]> scales(Network prepared, List<String> relus,
      CalibrationSet calibration, ConversionOptions options) {
    return layerWide(ActivationStatistics.percentile(prepared, relus, calibration, options.percentile()), 1);
  }

  @Override
  protected void putSettings(Map<String, String> settings, ConversionOptions options) {
    settings.put("conversion.percentile", Double.toString(options.percentile()));
  }
}
