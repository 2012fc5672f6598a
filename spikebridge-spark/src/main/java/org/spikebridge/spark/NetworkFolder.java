package org.spikebridge.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.files.FileTrees;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;

/**
 * The files of a network's folder (a checkpoint or a spiking network) as bytes, to broadcast to
 * the executors: each JVM loads the network once ({@link #network}) and shares it between its
 * tasks.
 */
public final class NetworkFolder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The networks this JVM loaded, by folder id. */
  private static final Map<String, Network> LOADED = new ConcurrentHashMap<>();
  /** The file that makes a folder a network's. */
  private static final String MANIFEST = "network.json";

  private final String id = UUID.randomUUID().toString();
  private final Map<String, byte[]> files;

  /** The folder whose files are {@code files} (name → contents). */
  public NetworkFolder(Map<String, byte[]> files) {
    this.files = Map.copyOf(files);
  }

  /** The folder {@code dir} (a Hadoop path) read with {@code hadoop}. */
  public static NetworkFolder read(HadoopFiles hadoop, String dir) throws IOException {
    Map<String, byte[]> files = hadoop.readFolder(dir);
    if (!files.containsKey(MANIFEST)) {
      throw new IOException(dir + ": expected a network folder (" + MANIFEST + ", as train, import, "
          + "convert or calibrate write it; of a training run, its checkpoints/epoch-NNN), found none");
    }
    return new NetworkFolder(files);
  }

  /** The network, loaded on first use in this JVM from a temporary copy of the folder. */
  public Network network() {
    return LOADED.computeIfAbsent(id, key -> load());
  }

  /** The network as a spiking network; an exception if it is not one. */
  public SpikingNetwork spikingNetwork() {
    return new SpikingNetwork(network());
  }

  private Network load() {
    try {
      Path dir = Files.createTempDirectory("spikebridge-snn");
      try {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        return NetworkFiles.load(dir);
      } finally {
        FileTrees.deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the broadcast network", e);
    }
  }
}
