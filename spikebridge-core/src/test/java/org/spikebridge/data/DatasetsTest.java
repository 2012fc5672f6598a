package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path dir;

  private static byte[] images(int n, int seed) {
    byte[] px = new byte[n * 28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7 + seed);
    }
    return TestData.idxImages(2051, n, 28, 28, px);
  }

  @Test
  void loadsFromFoundFolderWithoutDownloading() throws IOException {
    Path folder = dir.resolve("data");
    Files.createDirectories(folder);
    Files.write(folder.resolve("train-images-idx3-ubyte.gz"), TestData.gzip(images(3, 0)));
    Files.write(folder.resolve("train-labels-idx1-ubyte.gz"),
        TestData.gzip(TestData.idxLabels(2049, 3, TestData.bytes(0, 5, 9))));
    Files.write(folder.resolve("t10k-images-idx3-ubyte"), images(1, 1));
    Files.write(folder.resolve("t10k-labels-idx1-ubyte"), TestData.idxLabels(2049, 1, TestData.bytes(4)));
    DatasetLocator locator = new DatasetLocator(folder, Map.of(), dir.resolve("home"), dir.resolve("sys"));
    ImageSet train = Datasets.load(KnownDataset.MNIST, Split.TRAIN, locator, null);
    ImageSet test = Datasets.load(KnownDataset.MNIST, Split.TEST, locator, null);
    assertThat(train.name()).isEqualTo("mnist/train");
    assertThat(train.labels()).containsExactly(0, 5, 9);
    assertThat(test.labels()).containsExactly(4);
    assertThat(test.pixel(0, 0, 0, 1)).isEqualTo(8);
  }

  @Test
  void notFoundAndNoDownloaderGivesTheLocatorMessage() {
    DatasetLocator locator = new DatasetLocator(null, Map.of(), dir.resolve("home"), dir.resolve("sys"));
    assertThatThrownBy(() -> Datasets.load(KnownDataset.FASHION_MNIST, Split.TEST, locator, null))
        .isInstanceOf(IOException.class)
        .hasMessage(locator.notFoundMessage(KnownDataset.FASHION_MNIST));
  }

  /**
   * Fashion-MNIST's published test images file holds 16 + 10000·28·28 = 7840016 bytes; one with
   * an image more (16 + 10001·28·28 = 7840800 bytes, gzipped to some 8 kB) is refused by
   * the size its gzip trailer declares, before anything is inflated.
   */
  @Test
  void aFileLargerThanThePublishedOneIsRefusedByItsGzipTrailer() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("fashion-mnist"));
    Path images = TestData.gzipWithZeros(folder.resolve("t10k-images-idx3-ubyte.gz"),
        TestData.idxImages(2051, 10001, 28, 28, new byte[0]), 10001L * 28 * 28);
    Files.write(folder.resolve("t10k-labels-idx1-ubyte"),
        TestData.idxLabels(2049, 10001, new byte[10001]));
    assertThatThrownBy(() -> Datasets.read(KnownDataset.FASHION_MNIST, Split.TEST, folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("t10k-images-idx3-ubyte.gz: expected at most 7840016 bytes (the size of "
            + "fashion-mnist's t10k-images-idx3-ubyte) once decompressed, found a gzip trailer "
            + "declaring 7840800 bytes (ISIZE, the file's last 4 bytes)");
    // a trailer lying that the file has the published size: the header's claim exceeds it
    TestData.setIsize(images, 7840016);
    assertThatThrownBy(() -> Datasets.read(KnownDataset.FASHION_MNIST, Split.TEST, folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("t10k-images-idx3-ubyte.gz: expected 10001 images of 28×28 pixels of "
            + "7840784 bytes, found at most 7840000 bytes left before the end of the gzip stream, "
            + "which may hold 7840016 bytes (its gzip trailer's ISIZE, the file's last 4 bytes)");
  }

  /**
   * A header and a trailer that both claim the published size over a body that inflates to more:
   * reading stops at the first byte past the 7840016 the trailer allows.
   */
  @Test
  void readingStopsAtTheFirstByteBeyondTheAllowedSize() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("fashion-mnist"));
    Path images = TestData.gzipWithZeros(folder.resolve("t10k-images-idx3-ubyte.gz"),
        TestData.idxImages(2051, 10000, 28, 28, new byte[0]), 10001L * 28 * 28);
    TestData.setIsize(images, 7840016);
    Files.write(folder.resolve("t10k-labels-idx1-ubyte"),
        TestData.idxLabels(2049, 10000, new byte[10000]));
    assertThatThrownBy(() -> Datasets.read(KnownDataset.FASHION_MNIST, Split.TEST, folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("t10k-images-idx3-ubyte.gz: expected at most 7840016 bytes (its gzip "
            + "trailer's ISIZE, the file's last 4 bytes) once decompressed, found more (stopped "
            + "after 7840017 bytes)");
  }

  /**
   * A folder the user names is the only place looked in: with a file missing there, a complete
   * copy under $SPIKEBRIDGE_DATA or the home folder is not read instead.
   */
  @Test
  void anExplicitFolderLackingAFileIsTheOnlyPlaceLookedIn() throws IOException {
    Path envRoot = dir.resolve("env");
    Path home = dir.resolve("home");
    for (Path complete : List.of(envRoot.resolve("mnist"),
        home.resolve(".spikebridge/datasets/mnist"))) {
      Files.createDirectories(complete);
      for (String p : new String[] {"train", "t10k"}) {
        Files.write(complete.resolve(p + "-images-idx3-ubyte"), images(1, 0));
        Files.write(complete.resolve(p + "-labels-idx1-ubyte"),
            TestData.idxLabels(2049, 1, TestData.bytes(3)));
      }
    }
    Path explicit = Files.createDirectories(dir.resolve("explicit"));
    Files.write(explicit.resolve("t10k-images-idx3-ubyte"), images(1, 0));
    DatasetLocator locator = new DatasetLocator(explicit,
        Map.of(DatasetLocator.ENV_VAR, envRoot.toString()), home, dir.resolve("sys"));
    assertThatThrownBy(() -> Datasets.load(KnownDataset.MNIST, Split.TEST, locator, null))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("dataset mnist not found. Looked in:\n  " + explicit + "\n")
        .hasMessageNotContaining(envRoot.toString())
        .hasMessageNotContaining(home.toString());
  }

  @Test
  void wrongImageShapeIsRejected() throws IOException {
    Path folder = dir.resolve("data");
    Files.createDirectories(folder);
    byte[] px = new byte[2 * 2 * 2];
    for (String p : new String[] {"train", "t10k"}) {
      Files.write(folder.resolve(p + "-images-idx3-ubyte"), TestData.idxImages(2051, 2, 2, 2, px));
      Files.write(folder.resolve(p + "-labels-idx1-ubyte"), TestData.idxLabels(2049, 2, TestData.bytes(1, 2)));
    }
    assertThatThrownBy(() -> Datasets.read(KnownDataset.KMNIST, Split.TEST, folder))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("t10k-images-idx3-ubyte: expected kmnist images of 1×28×28, found images of 1×2×2");
  }
}
