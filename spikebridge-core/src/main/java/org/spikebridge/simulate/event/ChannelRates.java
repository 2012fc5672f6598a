package org.spikebridge.simulate.event;

import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;

/**
 * Compares one spiking layer's spike counts after T steps with the ANN's rates, batch after batch:
 * per channel the mean spike rate r_c = spikes / T and the mean rate limit r̂_c, both averaged over
 * images and positions, and the mean squared rate error (spikes/T − r̂)² over neurons and images.
 */
final class ChannelRates implements StepObserver {
  private final int layer;
  private final int channels;
  private final int timesteps;
  private final double[] spikes;
  private final double[] rateLimits;
  private double squaredError;
  private long neurons;
  /** The current batch's r̂ of the layer, per image and neuron, channels-last. */
  private float[][] expected;

  /** An empty comparison for spiking layer {@code layer} of {@code channels} channels after T steps. */
  ChannelRates(int layer, int channels, int timesteps) {
    this.layer = layer;
    this.channels = channels;
    this.timesteps = timesteps;
    this.spikes = new double[channels];
    this.rateLimits = new double[channels];
  }

  /** The r̂ of the layer for the next batch, per image and neuron, channels-last. */
  void expect(float[][] rateLimitsOfBatch) {
    this.expected = rateLimitsOfBatch;
  }

  @Override
  public void batchStarted(BatchReference reference) {}

  @Override
  public void stepFinished(StepRecord record) {}

  @Override
  public boolean wantsSpikeCounts() {
    return true;
  }

  @Override
  public void spikeCounts(int[][][] counts) {
    int[][] images = counts[layer];
    for (int i = 0; i < images.length; i++) {
      int[] chw = images[i];
      float[] target = expected[i];
      int positions = chw.length / channels;
      for (int j = 0; j < chw.length; j++) {
        int c = j / positions;
        float r = target[j % positions * channels + c];
        double error = (double) chw[j] / timesteps - r;
        spikes[c] += chw[j];
        rateLimits[c] += r;
        squaredError += error * error;
      }
      neurons += chw.length;
    }
  }

  /** r_c: the mean spike rate of each channel at T. */
  double[] rates() {
    double[] r = new double[channels];
    for (int c = 0; c < channels; c++) {
      r[c] = spikes[c] / timesteps / perChannel();
    }
    return r;
  }

  /** r̂_c: the mean rate limit of each channel. */
  double[] rateLimits() {
    double[] r = new double[channels];
    for (int c = 0; c < channels; c++) {
      r[c] = rateLimits[c] / perChannel();
    }
    return r;
  }

  /** The mean of (spikes/T − r̂)² over every neuron of every image. */
  double meanSquaredError() {
    return squaredError / neurons;
  }

  private double perChannel() {
    return (double) neurons / channels;
  }
}
