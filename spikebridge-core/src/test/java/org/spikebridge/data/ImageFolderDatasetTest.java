package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

  @TempDir Path dir;

  /** Writes a grey image of {@code width × height}, values row by row, in the file's format. */
  static Path grey(Path file, int width, int height, int... values) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setPixels(0, 0, width, height, values);
    return write(image, file);
  }

  /** Writes an RGB image of {@code width × height}, (r, g, b) triples row by row. */
  static Path rgb(Path file, int width, int height, int... triples) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int k = 0; k < width * height; k++) {
      image.setRGB(k % width, k / width,
          triples[3 * k] << 16 | triples[3 * k + 1] << 8 | triples[3 * k + 2]);
    }
    return write(image, file);
  }

  /** Writes a palette image of one row: {@code palette} holds (r, g, b) triples. */
  static Path paletteRow(Path file, int[] palette, int... indices) throws IOException {
    int entries = palette.length / 3;
    byte[][] planes = new byte[3][entries];
    for (int i = 0; i < palette.length; i++) {
      planes[i % 3][i / 3] = (byte) palette[i];
    }
    IndexColorModel model = new IndexColorModel(8, entries, planes[0], planes[1], planes[2]);
    BufferedImage image = new BufferedImage(indices.length, 1, BufferedImage.TYPE_BYTE_INDEXED,
        model);
    image.getRaster().setPixels(0, 0, indices.length, 1, indices);
    return write(image, file);
  }

  private static Path write(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    assertThat(ImageIO.write(image, format, file.toFile())).as("ImageIO writes " + format).isTrue();
    return file;
  }

  private static ImageSet load(Path folder, ImageFit fit, Split split) throws IOException {
    return DatasetSource.parse("folder:" + folder, null, fit).load(split);
  }

  @Test
  void greyPngIsReadBackExactlyWithLabelsFromSortedFolderNames() throws IOException {
    for (String split : List.of("train", "test")) {
      grey(dir.resolve(split + "/b/x.png"), 2, 2, 0, 50, 200, 255);
      grey(dir.resolve(split + "/a/y.png"), 2, 2, 1, 2, 3, 4);
      grey(dir.resolve(split + "/C/z.png"), 2, 2, 9, 9, 9, 9);
    }
    DatasetSource source = DatasetSource.parse("folder:" + dir, null, ImageFit.asIs(0));
    ImageSet train = source.load(Split.TRAIN);
    assertThat(source.classNames()).containsExactly("C", "a", "b");
    assertThat(train.name()).isEqualTo("folder:" + dir + "/train");
    assertThat(train.channels()).isEqualTo(1);
    assertThat(train.numClasses()).isEqualTo(3);
    assertThat(train.labels()).containsExactly(0, 1, 2);
    assertThat(train.pixels()).containsExactly(TestData.bytes(9, 9, 9, 9, 1, 2, 3, 4,
        0, 50, 200, 255));
    assertThat(source.load(Split.TEST).labels()).containsExactly(0, 1, 2);
  }

  @Test
  void oneColourImageMakesTheWholeDatasetRgbWithGreyReplicated() throws IOException {
    rgb(dir.resolve("train/a/c.png"), 2, 1, 10, 20, 30, 200, 100, 50);
    grey(dir.resolve("train/b/g.png"), 2, 1, 7, 8);
    grey(dir.resolve("test/a/c.png"), 2, 1, 1, 2);
    grey(dir.resolve("test/b/g.png"), 2, 1, 3, 4);
    ImageSet train = load(dir, ImageFit.asIs(0), Split.TRAIN);
    assertThat(train.channels()).isEqualTo(3);
    assertThat(train.pixels()).containsExactly(TestData.bytes(10, 200, 20, 100, 30, 50,
        7, 8, 7, 8, 7, 8));
    assertThat(load(dir, ImageFit.asIs(0), Split.TEST).pixels()).containsExactly(
        TestData.bytes(1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4));
  }

  @Test
  void colourBecomesLumaForAGreyNetwork() throws IOException {
    // round(0.299·200 + 0.587·100 + 0.114·50) = round(124.2); round(2.99 + 11.74 + 3.42) = 18
    rgb(dir.resolve("a/c.png"), 2, 1, 200, 100, 50, 10, 20, 30);
    ImageSet train = load(dir, ImageFit.asIs(0).withShape(1, 1, 2), Split.TRAIN);
    assertThat(train.channels()).isEqualTo(1);
    assertThat(train.pixels()).containsExactly(TestData.bytes(124, 18));
  }

  @Test
  void classFoldersAreSplitStratifiedAndReproducibly() throws IOException {
    int[] sizes = {10, 6, 2, 1};
    int id = 0;
    for (int c = 0; c < sizes.length; c++) {
      for (int i = 0; i < sizes[c]; i++, id++) {
        grey(dir.resolve("class" + c + "/img" + i + ".png"), 1, 1, id);
      }
    }
    DatasetSource source = DatasetSource.parse("folder:" + dir, null, ImageFit.asIs(42));
    ImageSet train = source.load(Split.TRAIN);
    ImageSet test = source.load(Split.TEST);
    // ⌈20 %⌉ of each class of at least two images: 2, 2, 1 and 0
    assertThat(test.classCounts()).containsExactly(2, 2, 1, 0);
    assertThat(train.classCounts()).containsExactly(8, 4, 1, 1);
    List<Integer> all = new ArrayList<>();
    for (byte b : train.pixels()) {
      all.add(b & 0xff);
    }
    for (byte b : test.pixels()) {
      all.add(b & 0xff);
    }
    assertThat(all).containsExactlyInAnyOrder(
        IntStream.range(0, 19).boxed().toArray(Integer[]::new));
    ImageSet again = load(dir, ImageFit.asIs(42), Split.TEST);
    assertThat(again.pixels()).isEqualTo(test.pixels());
    ImageSet otherSeed = load(dir, ImageFit.asIs(7), Split.TEST);
    assertThat(otherSeed.classCounts()).containsExactly(2, 2, 1, 0);
    assertThat(otherSeed.pixels()).isNotEqualTo(test.pixels());
  }

  @Test
  void jpegAndBmpAnyCaseAreReadAndOtherEntriesIgnored() throws IOException {
    int[] uniform = new int[64];
    Arrays.fill(uniform, 100);
    grey(dir.resolve("a/1.BMP"), 8, 8, uniform);
    grey(dir.resolve("a/2.jpg"), 8, 8, uniform);
    grey(dir.resolve("a/3.Png"), 8, 8, uniform);
    Files.write(dir.resolve("a/.hidden.png"), new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("a/notes.txt"), "not an image");
    Files.createDirectories(dir.resolve("a/sub"));
    Files.createDirectories(dir.resolve(".git"));
    ImageSet train = load(dir, ImageFit.asIs(0), Split.TRAIN);
    ImageSet test = load(dir, ImageFit.asIs(0), Split.TEST);
    assertThat(train.size() + test.size()).isEqualTo(3);
    assertThat(train.channels()).isEqualTo(1);
    assertThat(train.numClasses()).isEqualTo(1);
    for (ImageSet set : List.of(train, test)) {
      for (byte b : set.pixels()) {
        assertThat((double) (b & 0xff)).isCloseTo(100, within(1.0)); // JPEG is lossy
      }
    }
  }

  @Test
  void sixteenBitGreyIsScaledToEightBits() throws IOException {
    BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 128 * 257, 65535});
    write(image, dir.resolve("a/deep.png"));
    assertThat(load(dir, ImageFit.asIs(0), Split.TRAIN).pixels())
        .containsExactly(TestData.bytes(0, 128, 255));
  }

  @Test
  void palettePngIsGreyWhenEveryPaletteEntryIsGrey() throws IOException {
    paletteRow(dir.resolve("grey/a/p.png"), new int[] {10, 10, 10, 200, 200, 200}, 0, 1);
    ImageSet grey = load(dir.resolve("grey"), ImageFit.asIs(0), Split.TRAIN);
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.pixels()).containsExactly(TestData.bytes(10, 200));
    paletteRow(dir.resolve("colour/a/p.png"), new int[] {10, 10, 10, 200, 100, 50}, 0, 1);
    ImageSet colour = load(dir.resolve("colour"), ImageFit.asIs(0), Split.TRAIN);
    assertThat(colour.channels()).isEqualTo(3);
    assertThat(colour.pixels()).containsExactly(TestData.bytes(10, 200, 10, 100, 10, 50));
  }

  @Test
  void resizeCropsTheCentreOfAWideImage() throws IOException {
    grey(dir.resolve("a/wide.png"), 4, 2, 10, 20, 30, 40, 50, 60, 70, 80);
    ImageSet train = load(dir, ImageFit.asIs(0).withShape(1, 2, 2).withResize(true), Split.TRAIN);
    assertThat(train.pixels()).containsExactly(TestData.bytes(20, 30, 60, 70));
  }

  @Test
  void unreadableImageIsNamed() throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.write(dir.resolve("a/x.png"), "these bytes are no image".getBytes());
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("x.png: expected a PNG, JPEG or BMP image, found a file no ImageIO reader "
            + "recognizes in " + dir.resolve("a"));
  }

  @Test
  void truncatedPngIsNamed() throws IOException {
    int[] noise = new int[32 * 32];
    for (int k = 0; k < noise.length; k++) {
      noise[k] = k * 37 % 256;
    }
    Path png = grey(dir.resolve("a/x.png"), 32, 32, noise);
    byte[] whole = Files.readAllBytes(png);
    Files.write(png, Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("x.png: expected a PNG, JPEG or BMP image, found data ImageIO "
            + "cannot decode in " + dir.resolve("a"))
        .hasMessageNotContaining("\n");
  }

  @Test
  void mixedSizesWithoutResizeNameTheImage() throws IOException {
    grey(dir.resolve("a/1.png"), 2, 2, 1, 2, 3, 4);
    grey(dir.resolve("b/2.png"), 3, 2, 1, 2, 3, 4, 5, 6);
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("2.png: expected an image of 2×2 pixels (height×width), found 2×3 in "
            + dir.resolve("b") + " (--resize scales and center-crops images to fit)");
    ImageSet resized = load(dir, ImageFit.asIs(0).withResize(true), Split.TRAIN);
    assertThat(resized.pixels()).containsExactly(TestData.bytes(1, 2, 3, 4, 1, 2, 4, 5));
  }

  @Test
  void emptyClassFolderIsNamed() throws IOException {
    grey(dir.resolve("a/1.png"), 1, 1, 5);
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/readme.txt"), "no images here");
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("b: expected a class folder of at least one .png, .jpg, .jpeg, .bmp image, "
            + "found none in " + dir.resolve("b"));
  }

  @Test
  void missingFolderAndFolderWithoutClassesAreNamed() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> load(missing, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("nowhere: expected " + ImageFolderDataset.LAYOUT + ", found nothing at "
            + missing);
    Path flat = Files.createDirectories(dir.resolve("flat"));
    grey(flat.resolve("1.png"), 1, 1, 5);
    assertThatThrownBy(() -> load(flat, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("flat: expected a folder of class folders (one per class), found no folder in "
            + flat);
  }

  @Test
  void trainAndTestMustHaveTheSameClassFolders() throws IOException {
    grey(dir.resolve("train/a/1.png"), 1, 1, 5);
    grey(dir.resolve("train/b/1.png"), 1, 1, 5);
    grey(dir.resolve("test/a/1.png"), 1, 1, 5);
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("test: expected the class folders of train/ [a, b], found no class folder b in "
            + dir.resolve("test"));
    grey(dir.resolve("test/b/1.png"), 1, 1, 5);
    grey(dir.resolve("test/c/1.png"), 1, 1, 5);
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("test: expected the class folders of train/ [a, b], found an extra class "
            + "folder c in " + dir.resolve("test"));
  }

  @Test
  void moreClassFoldersThanTheFitsClassesAreRefused() throws IOException {
    grey(dir.resolve("a/1.png"), 1, 1, 5);
    grey(dir.resolve("b/1.png"), 1, 1, 5);
    assertThatThrownBy(() -> load(dir, ImageFit.asIs(0).withNumClasses(1), Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(dir.getFileName() + ": expected at most 1 class folders (the number of "
            + "classes), found 2 in " + dir + ": [a, b]");
    assertThat(load(dir, ImageFit.asIs(0).withNumClasses(10), Split.TRAIN).numClasses())
        .isEqualTo(10);
  }
}
