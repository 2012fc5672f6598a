package org.spikebridge.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.Mutation;
import org.spikebridge.fuzz.Mutations;

/**
 * Mutated dataset files — IDX (raw and gzip), CIFAR binaries, tar archives, {@code npy:} folders
 * and image files — are refused with a DatasetFormatException (or FileFormatException, for .npy)
 * naming a file, or read into a consistent image set.
 */
@Tag("fuzz")
class DatasetFilesFuzzTest {
  private static final String IMAGES = "images-idx3-ubyte";
  private static final String LABELS = "labels-idx1-ubyte";
  private static final String ARCHIVE = "cifar.tar.gz";
  private static final Set<String> WANTED = Set.of("data_batch_1.bin", "test_batch.bin");

  @TempDir Path tmp;

  @Test
  void idxFiles() throws IOException {
    byte[] images = TestData.idxImages(IdxReader.IMAGES_MAGIC, 3, 4, 5, pixels(60, 1));
    byte[] labels = TestData.idxLabels(IdxReader.LABELS_MAGIC, 3, TestData.bytes(0, 9, 4));
    FuzzCampaign.of("IDX", folder -> IdxReader.read("fuzz", folder.resolve(IMAGES),
            folder.resolve(LABELS), 10))
        .mutate("", Mutations.gzipped(Mutations.bytes()))
        .allow(DatasetFormatException.class)
        .seed("raw", Map.of(IMAGES, images, LABELS, labels))
        .seed("gzip", Map.of(IMAGES, TestData.gzip(images), LABELS, TestData.gzip(labels)))
        .seed("gzip images", Map.of(IMAGES, TestData.gzip(images), LABELS, labels))
        .run(tmp);
  }

  @Test
  void cifarFiles() throws IOException {
    FuzzCampaign.of("CIFAR", DatasetFilesFuzzTest::readCifar)
        .allow(DatasetFormatException.class)
        .seed("cifar-10", Map.of("data_batch_1.bin", cifar(1, 2, 3), "data_batch_2.bin",
            cifar(1, 1, 4)))
        .seed("cifar-100", Map.of("train.bin", cifar(2, 2, 5)))
        .run(tmp);
  }

  /** CIFAR-100 when the folder holds train.bin, else the two CIFAR-10 batches. */
  private static ImageSet readCifar(Path folder) throws IOException {
    return Files.exists(folder.resolve("train.bin"))
        ? CifarReader.readCifar100("fuzz", folder.resolve("train.bin"), true)
        : CifarReader.readCifar10("fuzz", List.of(folder.resolve("data_batch_1.bin"),
            folder.resolve("data_batch_2.bin")));
  }

  @Test
  void tarArchives() throws IOException {
    byte[] batch = cifar(1, 1, 6);
    byte[] test = cifar(1, 1, 7);
    byte[] plain = TestData.tar("cifar-10-batches-bin/data_batch_1.bin", batch,
        "cifar-10-batches-bin/readme.html", "<p>".getBytes(StandardCharsets.US_ASCII),
        "cifar-10-batches-bin/test_batch.bin", test);
    String longName = "cifar-10-batches-bin/" + "long/".repeat(30) + "test_batch.bin";
    byte[] gnu = TestData.tar("././@LongLink", (longName + "\0").getBytes(StandardCharsets.UTF_8),
        "short", test, "data_batch_1.bin", batch);
    gnu[156] = 'L';
    Mutation checksummed = (b, m) -> m.random().nextBoolean() ? withChecksums(m.bytes(b))
        : m.bytes(b);
    FuzzCampaign.of("tar", folder -> TarExtractor.extract(folder.resolve(ARCHIVE), WANTED,
            folder.resolve("out")))
        .mutate("", Mutations.gzipped(checksummed))
        .allow(DatasetFormatException.class)
        .check((written, folder) -> {
          if (!written.keySet().equals(WANTED)
              || !written.values().stream().allMatch(Files::isRegularFile)) {
            throw new AssertionError("extracted " + written);
          }
        })
        .seed("tar.gz", Map.of(ARCHIVE, TestData.gzip(plain)))
        .seed("tar", Map.of(ARCHIVE, plain))
        .seed("GNU long name", Map.of(ARCHIVE, TestData.gzip(withChecksums(gnu))))
        .run(tmp);
  }

  /** {@code tar} with the checksum of every ustar header block set to its bytes' sum. */
  private static byte[] withChecksums(byte[] tar) {
    byte[] out = tar.clone();
    byte[] ustar = "ustar".getBytes(StandardCharsets.US_ASCII);
    for (int block = 0; block + 512 <= out.length; block += 512) {
      if (!Arrays.equals(out, block + 257, block + 262, ustar, 0, 5)) {
        continue;
      }
      Arrays.fill(out, block + 148, block + 156, (byte) ' ');
      int sum = 0;
      for (int i = block; i < block + 512; i++) {
        sum += out[i] & 0xff;
      }
      byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(field, 0, out, block + 148, 8);
    }
    return out;
  }

  @Test
  void npyFolders() throws IOException {
    FuzzCampaign.of("npy dataset", folder -> {
      DatasetSource source = DatasetSource.parse("npy:" + folder, null, ImageFit.asIs(1));
      return List.of(source.load(Split.TRAIN), source.load(Split.TEST), source.classNames());
    })
        .mutate(".npy", Mutations.npy())
        .allow(DatasetFormatException.class)
        .allow(FileFormatException.class)
        .check((loaded, folder) -> {
          int classes = ((ImageSet) loaded.get(0)).numClasses();
          if (((List<?>) loaded.get(2)).size() != classes) {
            throw new AssertionError(loaded.get(2) + " for " + classes + " classes");
          }
        })
        .seed("grey uint8", npyFolder(NpyFiles.uint8(NpyFiles.shape(3, 4, 4), ints(48)),
            NpyFiles.int64(NpyFiles.shape(3), 0, 2, 1), NpyFiles.uint8(NpyFiles.shape(1, 4, 4),
                ints(16)), NpyFiles.int64(NpyFiles.shape(1), 2)))
        .seed("NCHW float32", npyFolder(NpyFiles.float32(NpyFiles.shape(2, 3, 2, 2),
                floats(24)), NpyFiles.uint8(NpyFiles.shape(2, 1), 1, 0),
            NpyFiles.float32(NpyFiles.shape(1, 3, 2, 2), floats(12)),
            NpyFiles.uint8(NpyFiles.shape(1, 1), 1)))
        .seed("NHWC uint8", npyFolder(NpyFiles.uint8(NpyFiles.shape(2, 2, 3, 3), ints(36)),
            NpyFiles.int64(NpyFiles.shape(2), 3, 0), NpyFiles.uint8(NpyFiles.shape(2, 2, 3, 3),
                ints(36)), NpyFiles.int64(NpyFiles.shape(2), 1, 1)))
        .run(tmp);
  }

  private static Map<String, byte[]> npyFolder(byte[] xTrain, byte[] yTrain, byte[] xTest,
      byte[] yTest) {
    return Map.of("x_train.npy", xTrain, "y_train.npy", yTrain, "x_test.npy", xTest,
        "y_test.npy", yTest);
  }

  @Test
  void imageFiles() throws IOException {
    FuzzCampaign.of("image file", folder -> ImageFileDecoder.decode(folder.resolve("image")))
        .allow(DatasetFormatException.class)
        .check((image, folder) -> {
          if (image.channels() != 1 && image.channels() != 3 || image.height() <= 0
              || image.width() <= 0
              || image.pixels().length != image.channels() * image.height() * image.width()) {
            throw new AssertionError(image.channels() + "×" + image.height() + "×"
                + image.width() + " image of " + image.pixels().length + " bytes");
          }
        })
        .seed("grey png", Map.of("image", image(BufferedImage.TYPE_BYTE_GRAY, 5, 4, "png")))
        .seed("16-bit grey png", Map.of("image", image(BufferedImage.TYPE_USHORT_GRAY, 3, 3,
            "png")))
        .seed("rgb png", Map.of("image", image(BufferedImage.TYPE_INT_RGB, 4, 3, "png")))
        .seed("argb png", Map.of("image", image(BufferedImage.TYPE_INT_ARGB, 3, 2, "png")))
        .seed("palette png", Map.of("image", image(BufferedImage.TYPE_BYTE_INDEXED, 4, 4, "png")))
        .seed("jpeg", Map.of("image", image(BufferedImage.TYPE_INT_RGB, 8, 8, "jpg")))
        .seed("grey jpeg", Map.of("image", image(BufferedImage.TYPE_BYTE_GRAY, 8, 8, "jpg")))
        .seed("bmp", Map.of("image", image(BufferedImage.TYPE_3BYTE_BGR, 3, 2, "bmp")))
        .run(tmp);
  }

  /** An image of {@code type} with seeded colours, encoded as {@code format}. */
  private static byte[] image(int type, int width, int height, String format) {
    BufferedImage image = new BufferedImage(width, height, type);
    SplittableRandom random = new SplittableRandom(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt() | 0xFF000000);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code records} CIFAR records of {@code labelBytes} labels each, labels below 10. */
  private static byte[] cifar(int labelBytes, int records, long seed) {
    int record = labelBytes + CifarReader.IMAGE_BYTES;
    byte[] bytes = pixels(records * record, seed);
    for (int r = 0; r < records; r++) {
      for (int l = 0; l < labelBytes; l++) {
        bytes[r * record + l] = (byte) ((bytes[r * record + l] & 0xff) % 10);
      }
    }
    return bytes;
  }

  private static byte[] pixels(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static int[] ints(int n) {
    return new SplittableRandom(n).ints(n, 0, 256).toArray();
  }

  private static float[] floats(int n) {
    float[] f = new float[n];
    SplittableRandom random = new SplittableRandom(n);
    for (int i = 0; i < n; i++) {
      f[i] = (float) random.nextDouble();
    }
    return f;
  }
}
