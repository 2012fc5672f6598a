package org.spikebridge.simulate;

/**
 * What one time step of a batch produced.
 *
 * @param t the step, from 1
 * @param predictions the predicted class of each image at step t (an image that stopped early
 *     keeps the class it stopped with)
 * @param spikes spikes emitted at step t by each spiking layer, summed over the images still
 *     running at t
 * @param k K_l(t) = ‖r_l(t) − r̂_l‖² / ‖r̂_l‖² (Eq. 7) per spiking layer l and image, with
 *     r_l(t) = spike count / t and r̂_l the rate limit of {@link BatchReference}; NaN where r̂_l = 0
 *     and for an image that stopped before t
 * @param stopped the images that stopped at step t by {@link EarlyExit} (t &lt; T); the images
 *     that run to T are not counted here
 */
public record StepRecord(int t, int[] predictions, long[] spikes, float[][] k, int stopped) {

  /** The record of a step at which no image stops early. */
  public StepRecord(int t, int[] predictions, long[] spikes, float[][] k) {
    this(t, predictions, spikes, k, 0);
  }
}
