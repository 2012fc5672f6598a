/**
 * SpikeBridge on Apache Spark: {@link org.spikebridge.spark.SimulateJob} simulates a spiking
 * network on a test set split over executors and writes the same {@code metrics.json} and
 * {@code curves.csv} as {@code spikebridge simulate} on one machine;
 * {@link org.spikebridge.spark.SweepJob} converts and simulates a grid of settings, one result
 * file per cell. Paths are Hadoop paths (local, {@code hdfs://}, {@code s3a://}).
 */
package org.spikebridge.spark;
