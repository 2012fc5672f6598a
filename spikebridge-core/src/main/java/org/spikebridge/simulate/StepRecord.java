package org.spikebridge.simulate;

/**
 * What one time step of a batch produced.
 *
 * @param t the step, from 1
 * @param predictions the predicted class of each image at step t
 * @param spikes spikes emitted at step t by each spiking layer, summed over the batch
 * @param k K_l(t) = ‖r_l(t) − r̂_l‖² / ‖r̂_l‖² (Eq. 7) per spiking layer l and image, with
 *     r_l(t) = spike count / t and r̂_l the rate limit of {@link BatchReference}; NaN where r̂_l = 0
 */
public record StepRecord(int t, int[] predictions, long[] spikes, float[][] k) {}
