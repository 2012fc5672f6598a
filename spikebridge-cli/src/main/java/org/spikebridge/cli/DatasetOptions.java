package org.spikebridge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dataset} and {@code --data-dir} options that every data-reading command shares. */
final class DatasetOptions {

  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "mnist, fashion-mnist, kmnist, cifar-10, cifar-100 (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--data-dir", description = "Folder holding the dataset's files (searched first).")
  Path dataDir;
}
