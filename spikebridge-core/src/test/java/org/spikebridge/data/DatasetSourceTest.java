package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.spikebridge.data.NpyFiles.int64;
import static org.spikebridge.data.NpyFiles.shape;
import static org.spikebridge.data.NpyFiles.uint8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceTest {

  @TempDir Path dir;

  @Test
  void knownDatasetIsLoadedAsPublishedFromTheDataFolder() throws IOException {
    byte[] pixels = new byte[28 * 28];
    pixels[1] = 8;
    for (String prefix : new String[] {"train", "t10k"}) {
      Files.write(dir.resolve(prefix + "-images-idx3-ubyte"),
          TestData.idxImages(2051, 1, 28, 28, pixels));
      Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"),
          TestData.idxLabels(2049, 1, TestData.bytes(7)));
    }
    DatasetSource source = DatasetSource.parse("fashion-mnist", dir,
        ImageFit.asIs(0).withShape(3, 32, 32).withResize(true));
    assertThat(source.id()).isEqualTo("fashion-mnist");
    assertThat(source.known()).contains(KnownDataset.FASHION_MNIST);
    assertThat(source.normalization()).isEqualTo(Normalization.of(KnownDataset.FASHION_MNIST));
    assertThat(source.classNames()).isEmpty();
    ImageSet test = source.load(Split.TEST);
    assertThat(test.name()).isEqualTo("fashion-mnist/test");
    assertThat(test.channels()).isEqualTo(1);
    assertThat(test.height()).isEqualTo(28);
    assertThat(test.labels()).containsExactly(7);
    assertThat(test.pixel(0, 0, 0, 1)).isEqualTo(8);
  }

  @Test
  void userDatasetsAreRecordedByTheirAbsoluteNormalizedFolder() {
    ImageFit fit = ImageFit.asIs(0);
    DatasetSource folder = DatasetSource.parse("folder:" + dir.resolve("x/../data"), null, fit);
    assertThat(folder.id()).isEqualTo("folder:" + dir.resolve("data"));
    assertThat(folder.known()).isEmpty();
    DatasetSource npy = DatasetSource.parse("npy:arrays/./mine", null, fit);
    assertThat(npy.id()).isEqualTo("npy:" + Path.of("arrays/mine").toAbsolutePath());
    assertThat(npy.known()).isEmpty();
  }

  @Test
  void unknownValueListsTheAcceptedForms() {
    assertThatThrownBy(() -> DatasetSource.parse("imagenet", null, ImageFit.asIs(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown dataset 'imagenet': expected one of mnist, fashion-mnist, kmnist, "
            + "cifar-10, cifar-100, folder:PATH (" + ImageFolderDataset.LAYOUT + ") or npy:PATH ("
            + NpyDataset.LAYOUT + ")");
    assertThatThrownBy(() -> DatasetSource.parse("folder:", null, ImageFit.asIs(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a folder after 'folder:', e.g. folder:/data/flowers, found none");
  }

  @Test
  void userNormalizationIsFittedOnTheTrainSplitOnly() throws IOException {
    // train pixels 0, 1, 0.2, 0.2 on the [0, 1] scale: mean 0.35, variance
    // (0.35² + 0.65² + 0.15² + 0.15²) / 4 = 0.59 / 4 = 0.1475
    Path folder = NpyFiles.dataset(dir, uint8(shape(2, 1, 2), 0, 255, 51, 51),
        int64(shape(2), 0, 1), uint8(shape(1, 1, 2), 255, 255), int64(shape(1), 1));
    Normalization n = DatasetSource.parse("npy:" + folder, null, ImageFit.asIs(0))
        .normalization();
    assertThat(n.channels()).isEqualTo(1);
    assertThat(n.mean()[0]).isCloseTo(0.35f, within(1e-6f));
    assertThat(n.std()[0]).isCloseTo((float) Math.sqrt(0.1475), within(1e-6f));
  }

  @Test
  void userDatasetIsDecodedOnceAndKept() throws IOException {
    Path folder = NpyFiles.dataset(dir, uint8(shape(1, 1, 1), 9), int64(shape(1), 0),
        uint8(shape(1, 1, 1), 8), int64(shape(1), 1));
    DatasetSource source = DatasetSource.parse("npy:" + folder, null, ImageFit.asIs(0));
    ImageSet train = source.load(Split.TRAIN);
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    assertThat(source.load(Split.TRAIN)).isSameAs(train);
    assertThat(source.load(Split.TEST).pixels()).containsExactly((byte) 8);
    assertThat(source.normalization().mean()[0]).isCloseTo(9 / 255f, within(1e-6f));
    assertThat(source.classNames()).containsExactly("0", "1");
  }

  @Test
  void imageFitTakesTheDatasOwnWhereZeroAndRefusesNegatives() {
    ImageFit fit = ImageFit.asIs(5);
    assertThat(fit).isEqualTo(new ImageFit(0, 0, 0, 0, false, 5));
    assertThat(fit.withShape(3, 32, 32).withNumClasses(10).withResize(true))
        .isEqualTo(new ImageFit(3, 32, 32, 10, true, 5));
    assertThatThrownBy(() -> fit.withShape(-1, 28, 28))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected channels, height, width and numClasses >= 0 (0 = the data's own), "
            + "found channels=-1, height=28, width=28, numClasses=0");
  }
}
