package org.spikebridge.train;

/**
 * Whether the Rate Norm Layers of a network share one threshold scale p′ or have one each. The
 * paper shares it in stage 2 "to reduce the instability of threshold training on the deep model"
 * (Appendix B); stage 1 keeps p frozen, where the choice makes no difference.
 */
public enum ScaleSharing {
  /** One p′ for every Rate Norm Layer. */
  SHARED,
  /** A p′ per Rate Norm Layer. */
  PER_LAYER
}
