package org.spikebridge.data;

/** Which part of a dataset: the training set or the test set. */
public enum Split {
  /** The official training set (60 000 images for the MNIST family, 50 000 for CIFAR). */
  TRAIN,
  /** The official test set (10 000 images for all known datasets). */
  TEST
}
