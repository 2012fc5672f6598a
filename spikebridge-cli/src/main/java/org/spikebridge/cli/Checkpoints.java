package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.train.TrainingDirectory;

/** Reads the network a {@code --checkpoint}-like option names. */
final class Checkpoints {
  private Checkpoints() {}

  /** A network folder (with network.json) as it is, or a training run folder's best network. */
  static Network load(Path path) throws IOException {
    return Files.exists(path.resolve(NetworkFiles.MANIFEST)) ? NetworkFiles.load(path)
        : new TrainingDirectory(path).bestNetwork();
  }
}
