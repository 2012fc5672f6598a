package org.spikebridge.train;

/**
 * What one epoch of training measured; one line of {@code metrics.jsonl}.
 *
 * @param epoch the epoch, from 1
 * @param learningRate the rate at the epoch's first iteration
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy accuracy on the training batches while training, in percent
 * @param validationAccuracy accuracy on the validation split, in percent (NaN without one)
 * @param testAccuracy accuracy on the test set, in percent
 * @param seconds wall time of the epoch's training iterations
 * @param imagesPerSecond training throughput
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
    double validationAccuracy, double testAccuracy, double seconds, double imagesPerSecond) {}
