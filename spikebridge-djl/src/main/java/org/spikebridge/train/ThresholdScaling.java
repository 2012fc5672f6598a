package org.spikebridge.train;

/**
 * What lowering a Rate Norm Layer's threshold scale p does to the network during stage 2.
 *
 * <ul>
 *   <li>{@link #RATE} (Eq. 6, the paper's and the authors' code): the layer outputs
 *       r̂ = clip(z, 0, θ)/θ with θ = p·running_max, so a lower p raises every rate it passes on by
 *       1/p, and the amplification compounds from layer to layer;</li>
 *   <li>{@link #CLIP_ONLY} (beyond the paper): the layer passes on p·r̂ = clip(z, 0, θ)/running_max,
 *       so a lower p only clips the largest activations, as Robust Norm's percentile does, while
 *       its spiking twin still fires at rate r̂. The factor p is folded into the weights of the
 *       layers that read it when the network is saved ({@link ClipOnlyScale}), so every saved
 *       network is an ordinary Eq. 6 network and converts with {@code rnl}.</li>
 * </ul>
 */
public enum ThresholdScaling {
  /** Eq. 6: r̂ = clip(z, 0, θ)/θ passes on. */
  RATE,
  /** p·r̂ = clip(z, 0, θ)/running_max passes on. */
  CLIP_ONLY
}
