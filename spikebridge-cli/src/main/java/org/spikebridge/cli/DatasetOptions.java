package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageFit;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.NetworkData;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.SimulationProvenance;
import picocli.CommandLine.Option;

/**
 * The dataset options every data-reading command shares: {@code --dataset} (a known dataset,
 * {@code folder:PATH} or {@code npy:PATH}), {@code --data-dir}, {@code --resize},
 * {@code --mean}/{@code --std} and {@code --split-seed}.
 */
final class DatasetOptions {
  /** The provenance keys of the input normalization a network was trained with. */
  static final String MEAN = Normalization.MEAN_SETTING;
  static final String STD = Normalization.STD_SETTING;
  /** The provenance key of the {@code --data-dir} a network's dataset was read from. */
  static final String DATA_DIR = NetworkData.DATA_DIR;

  /** The name of the dataset option. */
  static final String DATASET = "--dataset";

  /** The dataset of commands that are not told one and have no checkpoint to ask. */
  static final String DEFAULT_DATASET = NetworkData.DEFAULT_DATASET;

  @Option(names = DATASET,
      description = "mnist, fashion-mnist, kmnist, cifar-10, cifar-100; folder:PATH (a subfolder of "
          + "PNG/JPEG/BMP images per class, or train/ and test/ folders of them); npy:PATH "
          + "(x_train.npy, y_train.npy, x_test.npy, y_test.npy) (default: the checkpoint's, else "
          + DEFAULT_DATASET + ").")
  String dataset;

  @Option(names = "--data-dir", description = "Folder holding a known dataset's files (searched "
      + "first; default: the checkpoint's).")
  Path dataDir;

  @Option(names = "--resize",
      description = "Scale images of another size (shorter side first) and center-crop them to the network's input.")
  boolean resize;

  @Option(names = "--mean", split = ",", paramLabel = "M",
      description = "Per-channel mean on the [0, 1] scale, e.g. 0.5,0.5,0.5 (default: the known "
          + "dataset's, or computed on a user dataset's training split).")
  float[] mean;

  @Option(names = "--std", split = ",", paramLabel = "S",
      description = "Per-channel standard deviation on the [0, 1] scale (with --mean).")
  float[] std;

  @Option(names = "--split-seed", defaultValue = "1",
      description = "Seed of the test split of a folder: dataset without train/ and test/ (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  /**
   * The dataset {@code network} was trained on, fitted to its inputs and classes: {@code --dataset}
   * and {@code --data-dir} when given, else those its provenance records, else
   * {@link #DEFAULT_DATASET}.
   */
  DatasetSource source(Network network) {
    return source(dataset, network);
  }

  /**
   * The dataset named {@code value}, fitted to the inputs and classes of {@code fitTo}, or as its
   * files are when {@code fitTo} is null (a network yet to be made for it); read from
   * {@code --data-dir}, else the folder {@code fitTo}'s provenance records.
   */
  DatasetSource source(String value, Network fitTo) {
    return NetworkData.source(value, dataDir, ImageFit.asIs(splitSeed).withResize(resize), fitTo);
  }

  /**
   * The normalization of the inputs of {@code network}: {@code --mean}/{@code --std} when given,
   * else the one its provenance records, else the source's own. {@code network} may be null (a
   * network yet to be trained).
   */
  Normalization normalization(DatasetSource source, Network network) throws IOException {
    if (mean != null || std != null) {
      if (mean == null || std == null) {
        throw new IllegalArgumentException("--mean and --std go together; found only --"
            + (mean == null ? "std" : "mean"));
      }
      return new Normalization(mean, std);
    }
    return NetworkData.normalization(source, network);
  }

  /**
   * One split of {@code source}; an exception naming both when its images are not of the shape
   * {@code input} that {@code network} (a folder, for the message) expects.
   */
  static ImageSet load(DatasetSource source, Split split, TensorShape input, Object network)
      throws IOException {
    return NetworkData.load(source, split, input, network);
  }

  /** What provenance records of the data: the dataset's id, its normalization and the fitting. */
  Map<String, String> provenance(DatasetSource source, Normalization normalization) {
    return SimulationProvenance.data(source.id(), dataDir == null ? null : dataDir.toAbsolutePath().toString(),
        normalization, resize);
  }
}
