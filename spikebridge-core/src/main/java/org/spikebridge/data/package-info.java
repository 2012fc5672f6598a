/**
 * Image datasets for SpikeBridge: reading the files (IDX for MNIST, Fashion-MNIST and KMNIST; the
 * CIFAR-10 / CIFAR-100 binary format, and the tar archives they come in), finding them on disk,
 * downloading them with checksum verification, and turning them into normalized, optionally
 * augmented, reproducibly shuffled batches.
 *
 * <p>What lives here: {@link org.spikebridge.data.ImageSet} (the decoded images and labels),
 * the readers ({@link org.spikebridge.data.IdxReader}, {@link org.spikebridge.data.CifarReader}),
 * {@link org.spikebridge.data.KnownDataset} (file names, URLs, checksums, statistics),
 * {@link org.spikebridge.data.DatasetLocator}, {@link org.spikebridge.data.Downloader},
 * {@link org.spikebridge.data.Datasets} (locate, else download, else explain), and preprocessing
 * ({@link org.spikebridge.data.Normalization}, {@link org.spikebridge.data.Augmentation},
 * {@link org.spikebridge.data.BatchIterator}, {@link org.spikebridge.data.TrainValidationSplit}).
 *
 * <p>A user's own images come in through {@link org.spikebridge.data.DatasetSource} (a
 * {@code --dataset} value such as {@code folder:PATH} or {@code npy:PATH}), fitted to a network's
 * input by an {@link org.spikebridge.data.ImageFit}.
 *
 * <p>What must not: no DJL or any other tensor library (batches are plain {@code float[]} in NCHW
 * order, so the converted SNN can be fed from any JVM), and no training or model code.
 */
package org.spikebridge.data;
