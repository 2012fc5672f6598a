package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.nir.NirExport;
import org.spikebridge.nir.NirGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spikebridge export}: a converted spiking network into a file other tools read (NIR). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Export a spiking network (an SNN folder from convert or calibrate) to NIR, "
        + "the Neuromorphic Intermediate Representation (HDF5), which Sinabs, snnTorch, Norse, "
        + "Lava and others read.",
        "NIR's IF node resets to v_reset = 0; SpikeBridge's neurons reset by subtraction, which "
        + "the file's metadata records (see docs/nir.md)."})
final class ExportCommand implements Callable<Integer> {

  /** The formats {@code export} writes. */
  enum Format { nir }

  @Option(names = "--snn", required = true, description = "The SNN folder to export.")
  Path snn;

  @Option(names = "--format", defaultValue = "nir",
      description = "The file format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--out", required = true, description = "The file to write (replaced atomically "
      + "if it exists).")
  Path out;

  @Override
  public Integer call() throws IOException {
    SpikingNetwork network = SpikingNetwork.load(snn);
    NirGraph graph = NirExport.graph(network);
    NirExport.write(graph, out);
    System.out.printf("exported %s as NIR %s: %d nodes, %d edges, %d IF layers (reset by "
        + "subtraction, in the metadata)%n", network.network().architecture().name(),
        graph.version(), graph.nodes().size(), graph.edges().size(), network.spikingLayers().size());
    System.out.println("written to " + out.toAbsolutePath());
    return 0;
  }
}
