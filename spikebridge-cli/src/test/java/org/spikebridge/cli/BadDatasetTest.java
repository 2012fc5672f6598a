package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.train.TrainableNetwork;

/**
 * Each kind of bad user dataset makes a command fail with exit code 1 and one line naming the
 * file or folder at fault, writing nothing.
 */
class BadDatasetTest {
  @TempDir
  static Path shared;
  static Path relu;

  @TempDir
  Path dir;

  @BeforeAll
  static void prepare() throws IOException {
    relu = shared.resolve("relu");
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork net = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 3, manager)) {
      NetworkFiles.save(net.toNetwork(new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of())), relu);
    }
  }

  /** A bad dataset: how to make it (in a folder), and the file or folder the error must name. */
  interface BadData {
    /** Writes the dataset into {@code root}; returns its --dataset value and the culprit's name. */
    String[] write(Path root) throws IOException;
  }

  static Stream<Arguments> badData() {
    return Stream.of(
        Arguments.of("unreadable image", (BadData) root -> {
          Path folder = CompareCommandTest.writePngFolder(root, 2, 2, 1);
          Path bad = folder.resolve("train/class1/noise.png");
          Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
          return new String[] {"folder:" + folder, "noise.png"};
        }),
        Arguments.of("truncated image", (BadData) root -> {
          Path folder = CompareCommandTest.writePngFolder(root, 2, 2, 1);
          Path cut = folder.resolve("train/class0/image1.png");
          byte[] whole = Files.readAllBytes(cut);
          Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
          return new String[] {"folder:" + folder, "image1.png"};
        }),
        Arguments.of("mixed sizes", (BadData) root -> {
          Path folder = CompareCommandTest.writePngFolder(root, 2, 2, 1);
          java.awt.image.BufferedImage small =
              new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
          javax.imageio.ImageIO.write(small, "png", folder.resolve("train/class1/small.png").toFile());
          return new String[] {"folder:" + folder, "small.png"};
        }),
        Arguments.of("empty class folder", (BadData) root -> {
          Path folder = CompareCommandTest.writePngFolder(root, 2, 2, 1);
          Files.createDirectories(folder.resolve("train/class2"));
          Files.createDirectories(folder.resolve("test/class2"));
          return new String[] {"folder:" + folder, "class2"};
        }),
        Arguments.of("x/y count mismatch", (BadData) root -> {
          Path folder = npyDataset(root, 4, new int[] {0, 1, 2});
          return new String[] {"npy:" + folder, "y_train.npy"};
        }),
        Arguments.of("label out of range", (BadData) root -> {
          Path folder = npyDataset(root, 3, new int[] {0, 10, 2});
          return new String[] {"npy:" + folder, "y_train.npy"};
        }),
        Arguments.of("pickled object array", (BadData) root -> {
          Path folder = npyDataset(root, 3, new int[] {0, 1, 2});
          Files.write(folder.resolve("x_train.npy"), npy("|O", "(3,)", new byte[24]));
          return new String[] {"npy:" + folder, "x_train.npy"};
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badData")
  void failsInOneLineNamingTheCulpritAndWritesNothing(String name, BadData bad) throws IOException {
    String[] dataset = bad.write(dir.resolve("data"));
    Path out = dir.resolve("out");
    Result result = run("convert", "--checkpoint", relu.toString(), "--method", "maxnorm",
        "--dataset", dataset[0], "--calibration-size", "4", "--out", out.toString());
    assertThat(result.code()).as(result.out() + result.err()).isEqualTo(1);
    assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
    assertThat(result.err()).contains(dataset[1]).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  /** x_train/x_test of {@code n} black 28×28 uint8 images, y_train {@code labels}, y_test zeros. */
  private static Path npyDataset(Path root, int n, int[] labels) throws IOException {
    Files.createDirectories(root);
    byte[] images = new byte[n * 28 * 28];
    Files.write(root.resolve("x_train.npy"), npy("|u1", "(" + n + ", 28, 28)", images));
    Files.write(root.resolve("x_test.npy"), npy("|u1", "(" + n + ", 28, 28)", images));
    Files.write(root.resolve("y_train.npy"), npy("<i8", "(" + labels.length + ",)", longs(labels)));
    Files.write(root.resolve("y_test.npy"), npy("<i8", "(" + n + ",)", longs(new int[n])));
    return root;
  }

  private static byte[] longs(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  /** A .npy file, format 1.0: magic, version, header length, the header dict padded to 64 bytes, data. */
  static byte[] npy(String descr, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    return out.toByteArray();
  }
}
