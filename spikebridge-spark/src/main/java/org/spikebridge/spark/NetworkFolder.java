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

/**
 * The files of a spiking network's folder as bytes, to broadcast to the executors: each JVM loads
 * the network once ({@link #network}) and shares it between its tasks.
 */
public final class NetworkFolder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The networks this JVM loaded, by folder id. */
  private static final Map<String, SpikingNetwork> LOADED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final Map<String, byte[]> files;

  /** The folder whose files are {@code files} (name → contents). */
  public NetworkFolder(Map<String, byte[]> files) {
    this.files = Map.copyOf(files);
  }

  /** The folder {@code dir} (a Hadoop path) read with {@code hadoop}. */
  public static NetworkFolder read(HadoopFiles hadoop, String dir) throws IOException {
    return new NetworkFolder(hadoop.readFolder(dir));
  }

  /** The network, loaded on first use in this JVM from a temporary copy of the folder. */
  public SpikingNetwork network() {
    return LOADED.computeIfAbsent(id, key -> load());
  }

  private SpikingNetwork load() {
    try {
      Path dir = Files.createTempDirectory("spikebridge-snn");
      try {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        return SpikingNetwork.load(dir);
      } finally {
        FileTrees.deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the broadcast spiking network", e);
    }
  }
}
