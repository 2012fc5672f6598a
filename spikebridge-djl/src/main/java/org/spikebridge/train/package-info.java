/**
 * Training on DJL/libtorch: the Rate Norm Layer (Eq. 6), a network description interpreted as a
 * trainable network, hand-written optimizers whose state is checkpointed, stage 1 of Algorithm 1
 * (from scratch, resumed, or fine-tuned from a ReLU twin) with atomic checkpoints, and stage 2 —
 * the Rate Inference Loss (Eq. 13) training only the threshold scale, with candidate selection.
 * Nothing here prints: progress reaches the caller through listeners.
 */
package org.spikebridge.train;
