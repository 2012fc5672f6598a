package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spikebridge inspect DIR}: prints what a network checkpoint or a converted SNN folder holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Print a network checkpoint or spiking network folder: its layers with their output "
        + "shapes, parameter counts, thresholds and quantization levels; for a spiking network the "
        + "conversion method and its settings; and its provenance.")
final class InspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DIR", description = "A network folder (network.json, as train, import, "
      + "convert and calibrate write them), or a training or tune run folder (its best network).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    String expected = dir + ": expected a network folder (" + NetworkFiles.MANIFEST
        + ") or a training or tune run folder";
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(expected + ", found " + (Files.exists(dir) ? "a file" : "nothing"));
    }
    Network network;
    if (Files.exists(dir.resolve(NetworkFiles.MANIFEST))) {
      network = NetworkFiles.load(dir);
    } else {
      try {
        network = Checkpoints.load(dir);
      } catch (IOException e) {
        throw new IOException(expected + "; as a run folder: " + e.getMessage(), e);
      }
    }
    System.out.print(NetworkSummary.of(network));
    return 0;
  }
}
