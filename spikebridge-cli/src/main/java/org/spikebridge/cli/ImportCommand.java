package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikebridge.convert.AnalogReference;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.files.NpyArray;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.nir.NirImport;
import org.spikebridge.onnx.OnnxImport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spikebridge import}: a trained ANN from an ONNX file, or a spiking network from a NIR
 * file, into a network folder.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Import a trained network from ONNX into a network folder (network.json + "
        + "weights.safetensors) that convert, train --init-from and tune accept;",
        "or a spiking network from NIR into an SNN folder that simulate accepts."})
final class ImportCommand implements Callable<Integer> {

  /** The file imported: an ONNX ANN or a NIR SNN. */
  static final class Source {
    @Option(names = "--onnx", required = true, description = "The ONNX file (e.g. from torch.onnx.export).")
    Path onnx;

    @Option(names = "--nir", required = true, description = "A NIR file (HDF5) of a spiking "
        + "network, e.g. from spikebridge export --format nir.")
    Path nir;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The file to import, "
      + "its format from its extension: .onnx or .nir (or name it with --onnx or --nir).")
  Path file;

  @Option(names = "--out", required = true, description = "Folder for the network (absent or empty).")
  Path out;

  @Option(names = "--check-input", description = "A .npy of inputs [N, C, H, W] to run the "
      + "imported network on (with --check-output).")
  Path checkInput;

  @Option(names = "--check-output", description = "A .npy of the outputs [N, K] the source "
      + "framework computed for --check-input.")
  Path checkOutput;

  @Option(names = "--tolerance", defaultValue = "1e-4", description = "Largest absolute "
      + "difference from --check-output accepted (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Override
  public Integer call() throws IOException {
    source = named();
    if (source.nir != null && (checkInput != null || checkOutput != null)) {
      throw new IllegalArgumentException("--check-input and --check-output check an ANN against "
          + "its ONNX source; they do not go with --nir");
    }
    if ((checkInput == null) != (checkOutput == null)) {
      throw new IllegalArgumentException("--check-input and --check-output go together: give both "
          + "or neither");
    }
    OutputFolders.requireAbsentOrEmpty(out);
    String command = ProcessHandle.current().info().commandLine().orElse("spikebridge import");
    return source.nir != null ? importNir(command) : importOnnx(command);
  }

  /** The file to import as --onnx or --nir name it, or FILE with its format from its extension. */
  private Source named() {
    if ((file == null) == (source == null)) {
      throw new IllegalArgumentException(file == null ? "give the file to import: FILE, --onnx FILE "
          + "or --nir FILE" : "the file to import is given twice, as " + file + " and by --onnx or --nir; "
          + "give one");
    }
    if (source != null) {
      return source;
    }
    Source named = new Source();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".onnx")) {
      named.onnx = file;
    } else if (name.endsWith(".nir")) {
      named.nir = file;
    } else {
      throw new IllegalArgumentException(file + ": expected a name ending in .onnx or .nir, to tell "
          + "its format; name another with --onnx or --nir");
    }
    return named;
  }

  /** Imports the ONNX model into a network folder, checked against PyTorch's outputs if given. */
  private int importOnnx(String command) throws IOException {
    OnnxImport.Imported imported = OnnxImport.read(source.onnx, command, Versions.all());
    Network net = imported.network();
    if (checkInput != null) {
      check(net);
    }
    save(dir -> NetworkFiles.save(net, dir));
    return reported(String.format("imported %s: %d layers, %d parameters, input %s, %d classes",
        net.architecture().name(), net.architecture().layers().size(),
        net.parameters().values().stream().mapToLong(t -> t.data().length).sum(),
        net.architecture().inputShape(), net.architecture().numClasses()), imported.notices());
  }

  /** Imports the NIR file into an SNN folder, written only when the whole file was read. */
  private int importNir(String command) throws IOException {
    NirImport.Imported imported = NirImport.read(source.nir, command, Versions.all());
    SpikingNetwork snn = imported.snn();
    save(dir -> SpikingNetwork.save(snn, dir));
    Network net = snn.network();
    return reported(String.format("imported spiking network %s: %d layers, %d spiking, input %s, "
        + "%d classes", net.architecture().name(), net.architecture().layers().size(),
        snn.spikingLayers().size(), net.architecture().inputShape(),
        net.architecture().numClasses()), imported.notices());
  }

  /** Writes the output folder through a staging folder: all of it, or nothing. */
  private void save(FolderWriter writer) throws IOException {
    try (StagedFolder staged = StagedFolder.create(out)) {
      writer.write(staged.path());
      staged.commit();
    }
  }

  /** Writes one folder's files. */
  private interface FolderWriter {
    void write(Path dir) throws IOException;
  }

  private int reported(String headline, List<String> notices) {
    System.out.println(headline);
    notices.forEach(n -> System.out.println("  note: " + n));
    System.out.println("written to " + out.toAbsolutePath());
    return 0;
  }

  /** Runs the analog reference on the check inputs; an exception when it strays from the outputs. */
  private void check(Network net) throws IOException {
    NpyArray x = NpyArray.read(checkInput);
    NpyArray y = NpyArray.read(checkOutput);
    int[] inShape = net.architecture().inputShape().dims();
    int[] xShape = x.shape();
    if (xShape.length != inShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(xShape, 1, xShape.length), inShape)) {
      throw new IllegalArgumentException(checkInput + ": shape " + Arrays.toString(xShape)
          + "; expected [N, " + Arrays.toString(inShape).substring(1));
    }
    int n = xShape[0];
    int k = net.architecture().numClasses();
    if (y.size() != (long) n * k) {
      throw new IllegalArgumentException(checkOutput + ": shape " + Arrays.toString(y.shape())
          + "; expected [" + n + ", " + k + "] for " + n + " inputs and " + k + " classes");
    }
    float[] logits = AnalogReference.logits(net, x.floats(), n);
    float[] expected = y.floats();
    double worst = 0;
    int at = 0;
    for (int i = 0; i < logits.length; i++) {
      double d = Math.abs((double) logits[i] - expected[i]);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    System.out.printf("check: largest |output − %s| = %.3g over %d inputs (tolerance %.3g)%n",
        checkOutput.getFileName(), worst, n, tolerance);
    if (!(worst <= tolerance)) {
      throw new IllegalArgumentException("the imported network differs from " + checkOutput
          + " by " + worst + " at input " + at / k + ", output " + at % k + " (tolerance "
          + tolerance + "); nothing was written");
    }
  }
}
