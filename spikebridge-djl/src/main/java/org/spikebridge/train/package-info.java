/**
 * Training on DJL/libtorch: the Rate Norm Layer (Eq. 6), a network description interpreted as a
 * trainable network, hand-written optimizers whose state is checkpointed, and stage 1 of
 * Algorithm 1 with atomic checkpoints and exact resume. Nothing here prints: progress reaches the
 * caller through {@link org.spikebridge.train.TrainingListener}.
 */
package org.spikebridge.train;
