package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.spikebridge.data.NpyFiles.dataset;
import static org.spikebridge.data.NpyFiles.float32;
import static org.spikebridge.data.NpyFiles.int64;
import static org.spikebridge.data.NpyFiles.npy;
import static org.spikebridge.data.NpyFiles.shape;
import static org.spikebridge.data.NpyFiles.uint8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.NpyArray;

class NpyDatasetTest {

  @TempDir Path dir;

  private static final byte[] ONE_LABEL = int64(shape(1), 0);

  private static DatasetSource source(Path folder, ImageFit fit) {
    return DatasetSource.parse("npy:" + folder, null, fit);
  }

  private static ImageSet train(Path folder, ImageFit fit) throws IOException {
    return source(folder, fit).load(Split.TRAIN);
  }

  @Test
  void helperWritesTheBytesOfTheFormat() throws IOException {
    // 10 bytes of prefix + a 57-character dict + 60 spaces + '\n' = 128 bytes, then the data
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(TestData.bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0));
    expected.writeBytes(("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }"
        + " ".repeat(60) + "\n").getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(TestData.bytes(7, 9));
    byte[] written = uint8(shape(2), 7, 9);
    assertThat(written).hasSize(130).isEqualTo(expected.toByteArray());
    NpyArray read = NpyArray.read(Files.write(dir.resolve("a.npy"), written));
    assertThat(read.shape()).containsExactly(2);
    assertThat(read.ints()).containsExactly(7, 9);
  }

  /** The value of image n, channel c, row y, column x in the layout tests. */
  private static int value(int n, int c, int y, int x) {
    return 100 * n + 10 * c + 2 * y + x;
  }

  @Test
  void nhwcAndNchwGiveTheSamePixels() throws IOException {
    int[] nchw = new int[2 * 3 * 2 * 2];
    int[] nhwc = new int[nchw.length];
    int i = 0;
    int j = 0;
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 2; y++) {
          for (int x = 0; x < 2; x++) {
            nchw[i++] = value(n, c, y, x);
          }
        }
      }
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          for (int c = 0; c < 3; c++) {
            nhwc[j++] = value(n, c, y, x);
          }
        }
      }
    }
    byte[] labels = int64(shape(2), 1, 0);
    ImageSet fromNchw = train(dataset(dir.resolve("nchw"), uint8(shape(2, 3, 2, 2), nchw), labels,
        uint8(shape(1, 3, 2, 2), new int[12]), ONE_LABEL), ImageFit.asIs(0));
    ImageSet fromNhwc = train(dataset(dir.resolve("nhwc"), uint8(shape(2, 2, 2, 3), nhwc), labels,
        uint8(shape(1, 2, 2, 3), new int[12]), ONE_LABEL), ImageFit.asIs(0));
    for (ImageSet set : new ImageSet[] {fromNchw, fromNhwc}) {
      assertThat(set.channels()).isEqualTo(3);
      assertThat(set.height()).isEqualTo(2);
      assertThat(set.width()).isEqualTo(2);
      assertThat(set.labels()).containsExactly(1, 0);
      assertThat(set.numClasses()).isEqualTo(2);
    }
    assertThat(fromNchw.pixel(1, 2, 1, 0)).isEqualTo(122);
    assertThat(fromNchw.pixel(0, 1, 0, 1)).isEqualTo(11);
    assertThat(fromNhwc.pixels()).isEqualTo(fromNchw.pixels());
  }

  @Test
  void float32HalfBecomes128() throws IOException {
    Path folder = dataset(dir, float32(shape(1, 2, 2), 0f, 0.5f, 1f, 0.25f), ONE_LABEL,
        float32(shape(1, 2, 2), 0f, 0f, 0f, 0f), ONE_LABEL);
    ImageSet set = train(folder, ImageFit.asIs(0));
    assertThat(set.channels()).isEqualTo(1);
    assertThat(set.pixels()).containsExactly(TestData.bytes(0, 128, 255, 64)); // 63.75 → 64
  }

  @Test
  void greyArrayIsReplicatedIntoThreeChannels() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 2, 2), 0, 50, 200, 255), ONE_LABEL,
        uint8(shape(1, 2, 2), 1, 2, 3, 4), ONE_LABEL);
    ImageSet set = train(folder, ImageFit.asIs(0).withShape(3, 2, 2));
    assertThat(set.channels()).isEqualTo(3);
    assertThat(set.pixels()).containsExactly(TestData.bytes(0, 50, 200, 255, 0, 50, 200, 255,
        0, 50, 200, 255));
  }

  @Test
  void colourNhwcBecomesLumaForAGreyNetwork() throws IOException {
    // axis 3 holds 3 channels, not the fit's 1: NHWC, then converted; round(59.8+58.7+5.7) = 124
    int[] colour = {200, 100, 50, 200, 100, 50, 200, 100, 50, 200, 100, 50};
    Path folder = dataset(dir, uint8(shape(1, 2, 2, 3), colour), ONE_LABEL,
        uint8(shape(1, 2, 2, 3), colour), ONE_LABEL);
    ImageSet set = train(folder, ImageFit.asIs(0).withShape(1, 0, 0));
    assertThat(set.channels()).isEqualTo(1);
    assertThat(set.pixels()).containsExactly(TestData.bytes(124, 124, 124, 124));
  }

  @Test
  void classesAreLargestLabelOfEitherSplitPlusOne() throws IOException {
    Path folder = dataset(dir, uint8(shape(3, 1, 1), 1, 2, 3), int64(shape(3, 1), 0, 2, 1),
        uint8(shape(1, 1, 1), 4), int64(shape(1), 4));
    DatasetSource source = source(folder, ImageFit.asIs(0));
    assertThat(source.load(Split.TRAIN).labels()).containsExactly(0, 2, 1);
    assertThat(source.load(Split.TRAIN).numClasses()).isEqualTo(5);
    assertThat(source.load(Split.TEST).labels()).containsExactly(4);
    assertThat(source.classNames()).containsExactly("0", "1", "2", "3", "4");
    DatasetSource tenClasses = source(folder, ImageFit.asIs(0).withNumClasses(10));
    assertThat(tenClasses.load(Split.TEST).numClasses()).isEqualTo(10);
    assertThat(tenClasses.classNames()).hasSize(10);
  }

  @Test
  void resizeIsAppliedOnlyWhenAsked() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 2, 2), 9, 9, 9, 9), ONE_LABEL,
        uint8(shape(1, 2, 2), 9, 9, 9, 9), ONE_LABEL);
    ImageFit threeByThree = ImageFit.asIs(0).withShape(1, 3, 3);
    assertThatThrownBy(() -> train(folder, threeByThree))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("x_train.npy: expected an image of 3×3 pixels (height×width), "
            + "found 2×2")
        .hasMessageContaining("--resize");
    ImageSet resized = train(folder, threeByThree.withResize(true));
    assertThat(resized.pixels()).containsOnly((byte) 9).hasSize(9);
  }

  @Test
  void countMismatchNamesBothFilesAndCounts() throws IOException {
    Path folder = dataset(dir, uint8(shape(3, 1, 1), 1, 2, 3), int64(shape(2), 0, 1),
        uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("y_train.npy: expected one label per image of x_train.npy (3 images), found "
            + "2 labels");
  }

  @Test
  void labelOutOfTheFitsRangeIsNamed() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 1, 1), 1), ONE_LABEL,
        uint8(shape(2, 1, 1), 4, 5), int64(shape(2), 0, 3));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0).withNumClasses(3)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("y_test.npy: expected label of image 1 in [0, 3), found 3");
  }

  @Test
  void negativeLabelIsRefused() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 1, 1), 1), int64(shape(1), -1),
        uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("y_train.npy: expected label of image 0 in [0, 100000) (no network fixes the "
            + "number of classes; more than 100000 is taken for a corrupt file), found -1");
  }

  /** Found by the fuzzer: a label of 83,886,081 made as many class names and ran out of memory. */
  @Test
  void aHugeLabelWithoutANetworkIsACorruptFile() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 1, 1), 1), int64(shape(1), 83_886_081),
        uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("y_train.npy: expected label of image 0 in [0, 100000)")
        .hasMessageEndingWith("found 83886081");
  }

  @Test
  void objectArrayIsRefusedWithoutUnpickling() throws IOException {
    byte[] pickle = npy("|O", shape(1, 1, 1),
        "\u0080\u0004pickle".getBytes(StandardCharsets.ISO_8859_1));
    Path folder = dataset(dir, pickle, ONE_LABEL, uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("x_train.npy")
        .hasMessageContaining("'|O' (an object array; SpikeBridge never unpickles)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void float32OutsideZeroOneIsRefusedWithIndexAndValue() throws IOException {
    Path folder = dataset(dir, float32(shape(1, 2, 2), 0f, 0.5f, 1.5f, 0f), ONE_LABEL,
        float32(shape(1, 2, 2), 0f, 0f, 0f, Float.NaN), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x_train.npy: expected float32 pixel values in [0, 1] (unnormalized images, "
            + "scaled by 1/255), found 1.5 at index [0, 1, 0]");
    Files.write(folder.resolve("x_train.npy"), float32(shape(1, 2, 2), 0f, 0f, 0f, 0f));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("x_test.npy: expected float32 pixel values in [0, 1]")
        .hasMessageEndingWith("found NaN at index [0, 1, 1]");
  }

  @Test
  void missingXTestIsNamed() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 1, 1), 1), ONE_LABEL, uint8(shape(1, 1, 1), 4),
        ONE_LABEL);
    Files.delete(folder.resolve("x_test.npy"));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x_test.npy: expected a file (an npy: dataset is a folder holding x_train.npy,"
            + " y_train.npy, x_test.npy and y_test.npy), found none in " + folder);
  }

  @Test
  void otherDtypesAndShapesAreRefused() throws IOException {
    Path folder = dataset(dir, npy("<f8", shape(1, 1, 1), new byte[8]), ONE_LABEL,
        uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x_train.npy: expected pixels of dtype uint8 (|u1) or float32 (<f4), found "
            + "dtype <f8");
    Files.write(folder.resolve("x_train.npy"), uint8(shape(1, 2, 2, 2), new int[8]));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x_train.npy: expected a channel axis of 1 or 3 channels (axis 1 for NCHW, "
            + "axis 3 for NHWC), found shape [1, 2, 2, 2]");
    Files.write(folder.resolve("x_train.npy"), uint8(shape(4), 1, 2, 3, 4));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("x_train.npy: expected images of shape (N, H, W)");
    Files.write(folder.resolve("x_train.npy"), uint8(shape(1, 1, 1), 1));
    Files.write(folder.resolve("y_train.npy"), float32(shape(1), 0f));
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("y_train.npy: expected integer labels (int8, uint8, int32 or int64), found "
            + "dtype <f4");
  }

  @Test
  void trainAndTestMustHaveTheSameShape() throws IOException {
    Path folder = dataset(dir, uint8(shape(1, 2, 2), 1, 2, 3, 4), ONE_LABEL,
        uint8(shape(1, 1, 1), 4), ONE_LABEL);
    assertThatThrownBy(() -> train(folder, ImageFit.asIs(0)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x_test.npy: expected images of 1×2×2 (C×H×W) as in x_train.npy, found images"
            + " of 1×1×1");
  }
}
