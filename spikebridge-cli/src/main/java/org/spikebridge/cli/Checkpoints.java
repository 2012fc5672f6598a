package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TuneDirectory;

/** Reads the network a {@code --checkpoint}-like option names. */
final class Checkpoints {
  private Checkpoints() {}

  /**
   * A network folder (with network.json) as it is, a tune run folder's pick, or a training run
   * folder's best network.
   */
  static Network load(Path path) throws IOException {
    if (Files.exists(path.resolve(NetworkFiles.MANIFEST))) {
      return NetworkFiles.load(path);
    }
    return Files.exists(path.resolve(TuneDirectory.CANDIDATES_CSV))
        ? new TuneDirectory(path).bestNetwork() : new TrainingDirectory(path).bestNetwork();
  }
}
