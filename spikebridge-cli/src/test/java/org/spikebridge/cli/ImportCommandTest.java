package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.onnx.TestData;
import org.spikebridge.onnx.TinyModels;

/** {@code spikebridge import}: a network folder from ONNX, checked against outside outputs; bad input refused whole. */
class ImportCommandTest {
  @TempDir
  Path dir;

  @Test
  void importsAPytorchExportAndChecksItAgainstPytorchsLogits() throws IOException {
    Path models = TestData.models();
    Path out = dir.resolve("net");
    // the file's format from its extension: .onnx
    Result r = run("import", models.resolve("fmnist-cnn-avgpool.onnx").toString(),
        "--out", out.toString(),
        "--check-input", models.resolve("fmnist-cnn-avgpool.input.npy").toString(),
        "--check-output", models.resolve("fmnist-cnn-avgpool.output.npy").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("over 100 inputs").contains("10 classes");
    Network net = NetworkFiles.load(out);
    assertThat(net.architecture().inputShape().dims()).containsExactly(1, 28, 28);
    assertThat(net.provenance().settings()).containsEntry("import.producer", "pytorch 1.13.0");
  }

  @Test
  void refusesAFileThatIsNotOnnxWritingNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
    assertRefused(run("import", "--onnx", file.toString(), "--out", dir.resolve("net").toString()),
        "spikebridge import: notes.onnx: not an ONNX model");
  }

  static Stream<Arguments> hostileModels() {
    return Stream.of(
        Arguments.of(TinyModels.withOperator("Tanh"), "node 'act' (Tanh): operator not supported"),
        Arguments.of(TinyModels.withDynamicFeatures(), "graph input 'x': dimension 1 is the symbol"),
        Arguments.of(TinyModels.withInexactDoubleWeights(), "tensor 'W': double value 0.1"),
        Arguments.of(TinyModels.withExternalWeights("weights.bin", 0), "tensor 'W': its external data"));
  }

  @ParameterizedTest
  @MethodSource("hostileModels")
  void refusesWhatItCannotImportNamingTheCulprit(GraphProto.Builder graph, String culprit)
      throws IOException {
    Path file = TinyModels.write(dir.resolve("m.onnx"), graph, 13);
    assertRefused(run("import", "--onnx", file.toString(), "--out", dir.resolve("net").toString()),
        "spikebridge import: m.onnx: " + culprit);
  }

  @Test
  void refusesOutputsBeyondTheToleranceWritingNothing() throws IOException {
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    Path x = npy(dir.resolve("x.npy"), new int[] {1, 4}, 1, 0, -1, 2);
    // the tiny Gemm gives [-6, 3, 12] for x (hand-computed); the last value is off by 0.01
    Path y = npy(dir.resolve("y.npy"), new int[] {1, 3}, -6, 3, 12.01f);
    Result r = run("import", "--onnx", file.toString(), "--out", dir.resolve("net").toString(),
        "--check-input", x.toString(), "--check-output", y.toString());
    assertRefused(r, "spikebridge import: the imported network differs from");
    assertThat(r.err()).contains("at input 0, output 2");
    Path ok = npy(dir.resolve("ok.npy"), new int[] {1, 3}, -6, 3, 12);
    assertThat(run("import", "--onnx", file.toString(), "--out", dir.resolve("net").toString(),
        "--check-input", x.toString(), "--check-output", ok.toString()).code()).isZero();
  }

  @Test
  void anImportedReluNetworkTakesThePapersPathThroughRateNormTrainingTuningAndConversion()
      throws IOException {
    Path data = SyntheticFashionMnist.write(dir.resolve("data"), 400, 100);
    Path model = TinyModels.write(dir.resolve("convnet.onnx"), TinyModels.convNet(), 13);
    String[] common = {"--dataset", "fashion-mnist", "--data-dir", data.toString()};
    assertThat(run("import", "--onnx", model.toString(), "--out", dir.resolve("relu").toString())
        .code()).isZero();
    Result trained = run(concat(new String[] {"train", "--activation", "rnl", "--init-from",
        dir.resolve("relu").toString(), "--epochs", "1", "--batch-size", "50", "--validation-size",
        "100", "--out", dir.resolve("rnl").toString()}, common));
    assertThat(trained.code()).as(trained.err()).isZero();
    Result tuned = run(concat(new String[] {"tune", "--checkpoint", dir.resolve("rnl").toString(),
        "--validation-size", "100", "--out", dir.resolve("ril").toString()}, common));
    assertThat(tuned.code()).as(tuned.err()).isZero();
    Result converted = run("convert", "--checkpoint", dir.resolve("ril").toString(), "--method",
        "rnl", "--out", dir.resolve("snn").toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    Network snn = NetworkFiles.load(dir.resolve("snn"));
    assertThat(snn.architecture().layers()).extracting(l -> l.getClass().getSimpleName() + " "
        + l.name()).containsExactly("Conv2d conv", "IntegrateAndFire relu", "Flatten flatten",
            "Linear fc");
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  /** FILE needs an extension that names its format, and exactly one way of naming the file. */
  @Test
  void refusesAFileWhoseFormatItCannotTellOrTwoFilesOrNone() throws IOException {
    Path onnx = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    Path bin = Files.copy(onnx, dir.resolve("m.bin"));
    String out = dir.resolve("net").toString();
    assertRefused(run("import", bin.toString(), "--out", out), "spikebridge import: " + bin
        + ": expected a name ending in .onnx or .nir, to tell its format; name another with --onnx or --nir");
    assertRefused(run("import", onnx.toString(), "--onnx", onnx.toString(), "--out", out),
        "spikebridge import: the file to import is given twice, as " + onnx + " and by --onnx or --nir; give one");
    assertRefused(run("import", "--out", out),
        "spikebridge import: give the file to import: FILE, --onnx FILE or --nir FILE");
    assertThat(run("import", "--onnx", bin.toString(), "--out", out).code()).as("--onnx names the format")
        .isZero();
  }

  @Test
  void leavesAnOccupiedOutputFolderAlone() throws IOException {
    Path file = TinyModels.write(dir.resolve("m.onnx"), TinyModels.gemmGraph(), 13);
    Path out = Files.createDirectories(dir.resolve("net"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    Result r = run("import", "--onnx", file.toString(), "--out", out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(Files.list(out)).containsExactly(out.resolve("keep.txt"));
  }

  private void assertRefused(Result r, String start) throws IOException {
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith(start);
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(dir.resolve("net")).doesNotExist();
  }

  /** A float32 .npy file (format 1.0) written byte by byte. */
  private static Path npy(Path file, int[] shape, float... values) throws IOException {
    String dims = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
    StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ("
        + dims + "), }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
    for (float v : values) {
      b.putFloat(v);
    }
    return Files.write(file, b.array());
  }
}
