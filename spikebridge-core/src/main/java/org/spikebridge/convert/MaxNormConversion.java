package org.spikebridge.convert;

import java.util.List;
import java.util.Map;
import org.spikebridge.network.Network;

/**
 * Data-based Max Norm (Rueckauer et al. 2017; method name {@code maxnorm}): λ_l is the largest
 * activation of ReLU layer l over the calibration images, so no calibration activation exceeds
 * the threshold and the rates of Lemma 1 are never clipped on them. See {@link DataNormConversion}
 * for the conversion itself.
 */
public final class MaxNormConversion extends DataNormConversion {
  /** The name the command line accepts. */
  public static final String NAME = "maxnorm";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Map<String, float[]> scales(Network prepared, List<String> relus,
      CalibrationSet calibration, ConversionOptions options) {
    return layerWide(ActivationStatistics.layerMax(prepared, relus, calibration), 1);
  }
}
