package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
