package org.spikebridge.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Function;
import org.spikebridge.files.JavaArrays;

/**
 * Reads the IDX files of MNIST, Fashion-MNIST and KMNIST: an images file (magic number 2051 =
 * {@code 0x00000803}, then the image count, rows and columns as big-endian int32, then one unsigned
 * byte per pixel) and a labels file (magic number 2049 = {@code 0x00000801}, then the count, then
 * one byte per label). Either file may be gzip-compressed; compression is detected from the
 * content, not the name.
 *
 * <p>Every inconsistency (wrong magic number, no images, a header whose dimensions multiply to
 * more than the file holds or than an array can, a file shorter or longer than its header says,
 * differing counts, a label outside {@code [0, numClasses)}) is a {@link DatasetFormatException};
 * nothing half-loaded is ever returned.
 */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned-byte 3-d data (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned-byte 1-d data (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * Reads an images file and its labels file into one single-channel {@link ImageSet}.
   *
   * @param name the name of the result, e.g. {@code "mnist/train"}
   * @param images the images file ({@code *-images-idx3-ubyte}, optionally gzipped)
   * @param labels the labels file ({@code *-labels-idx1-ubyte}, optionally gzipped)
   * @param numClasses labels must lie in {@code [0, numClasses)}
   * @throws DatasetFormatException if either file is not what its header says
   * @throws IOException if a file cannot be read
   */
  public static ImageSet read(String name, Path images, Path labels, int numClasses)
      throws IOException {
    return read(name, images, labels, numClasses, file -> SizeLimit.largestArray(16));
  }

  /**
   * As {@link #read(String, Path, Path, int)}, with the most bytes each file may hold once
   * decompressed (e.g. the size of the published dataset's file).
   */
  static ImageSet read(String name, Path images, Path labels, int numClasses,
      Function<Path, SizeLimit> limits) throws IOException {
    int[] shape = new int[3];
    byte[] pixels = readImages(images, limits.apply(images), shape);
    byte[] labelBytes = readLabels(labels, limits.apply(labels), shape[0], images);
    int[] l = new int[labelBytes.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = labelBytes[i] & 0xff;
      if (l[i] >= numClasses) {
        throw new DatasetFormatException(labels, "label of image " + i + " in [0, " + numClasses
            + ")", String.valueOf(l[i]));
      }
    }
    return new ImageSet(name, 1, shape[1], shape[2], numClasses, pixels, l);
  }

  /** Reads an IDX images file; stores count, rows and columns into {@code shape}. */
  static byte[] readImages(Path file, SizeLimit limit, int[] shape) throws IOException {
    try (DatasetInput in = DatasetInput.open(file, limit)) {
      checkMagic(in, IMAGES_MAGIC, "IDX images");
      int n = in.readInt("the image count");
      int rows = in.readInt("the row count");
      int cols = in.readInt("the column count");
      if (n < 0) {
        throw new DatasetFormatException(file, "a non-negative image count", String.valueOf(n));
      }
      if (n == 0) {
        throw new DatasetFormatException(file, "at least one image",
            "a header saying the file holds 0 images");
      }
      if (rows <= 0 || cols <= 0) {
        throw new DatasetFormatException(file, "positive rows and columns",
            rows + " rows and " + cols + " columns");
      }
      String what = n + " images of " + rows + "×" + cols + " pixels";
      long bytes = pixelBytes(file, n, rows, cols, what);
      byte[] pixels = in.readExactly(bytes, what);
      in.expectEnd("16 + " + bytes + " bytes (" + what + ")");
      shape[0] = n;
      shape[1] = rows;
      shape[2] = cols;
      return pixels;
    }
  }

  /**
   * The pixel bytes {@code n·rows·cols}, computed exactly: a product that would overflow a
   * {@code long} (and wrap around to a small number, even 0) is refused like any other too large.
   */
  private static long pixelBytes(Path file, int n, int rows, int cols, String what)
      throws DatasetFormatException {
    BigInteger bytes = BigInteger.valueOf(n).multiply(BigInteger.valueOf(rows))
        .multiply(BigInteger.valueOf(cols));
    if (bytes.compareTo(BigInteger.valueOf(JavaArrays.MAX_LENGTH)) > 0) {
      throw new DatasetFormatException(file, "at most " + JavaArrays.MAX_LENGTH + " pixel bytes "
          + "(images × rows × columns)", "a header declaring " + what + " = " + bytes + " bytes");
    }
    return bytes.longValueExact();
  }

  /**
   * Reads an IDX labels file into one byte per label; its header must declare {@code count}
   * labels, as many as {@code images} holds images.
   */
  static byte[] readLabels(Path file, SizeLimit limit, int count, Path images) throws IOException {
    try (DatasetInput in = DatasetInput.open(file, limit)) {
      checkMagic(in, LABELS_MAGIC, "IDX labels");
      int n = in.readInt("the label count");
      if (n != count) {
        throw new DatasetFormatException(file, count + " labels, as many as images in "
            + images.getFileName(), n + " labels");
      }
      byte[] labels = in.readExactly(n, n + " labels");
      in.expectEnd("8 + " + n + " bytes (" + n + " labels)");
      return labels;
    }
  }

  private static void checkMagic(DatasetInput in, int magic, String kind) throws IOException {
    int found = in.readInt("the magic number " + magic + " (" + kind + ")");
    if (found != magic) {
      throw new DatasetFormatException(in.file(), "magic number " + magic + " (" + kind + ")",
          String.valueOf(found) + describe(found));
    }
  }

  private static String describe(int magic) {
    if (magic == IMAGES_MAGIC) {
      return " (IDX images)";
    }
    if (magic == LABELS_MAGIC) {
      return " (IDX labels)";
    }
    return "";
  }
}
