package org.spikebridge.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Network;

/**
 * Channel-wise normalization (Kim et al. 2020; method name {@code channelnorm}): one threshold
 * per output channel, λ_l[c] = the largest activation of channel c of ReLU layer l (a feature map
 * of a [C, H, W] output, a feature of a [F] output) over the calibration images; the IF layers
 * have {@code perChannel = true}. A channel that is never positive on the calibration images gets
 * the layer's maximum instead (any positive threshold leaves its rate 0 there; 0 would make the
 * neuron fire on any input); a layer that is never positive is an error. See {@link
 * DataNormConversion} for the conversion itself.
 */
public final class ChannelNormConversion extends DataNormConversion {
  /** The name the command line accepts. */
  public static final String NAME = "channelnorm";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected boolean perChannel() {
    return true;
  }

  @Override
  protected Map<String, float[]> scales(Network prepared, List<String> relus,
      CalibrationSet calibration, ConversionOptions options) {
    Map<String, float[]> out = new LinkedHashMap<>();
    ActivationStatistics.channelMax(prepared, relus, calibration).forEach((l, max) -> {
      float layerMax = 0;
      for (float m : max) {
        layerMax = Math.max(layerMax, m);
      }
      float[] lambda = max.clone();
      for (int c = 0; c < lambda.length; c++) {
        if (!(lambda[c] > 0)) {
          lambda[c] = layerMax; // a dead channel; 0 when the whole layer is, refused later
        }
      }
      out.put(l, lambda);
    });
    return out;
  }
}
