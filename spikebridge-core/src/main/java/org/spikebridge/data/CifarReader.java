package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.spikebridge.files.JavaArrays;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, 2009). Each file is a sequence
 * of fixed-length records: the label byte(s), then 3072 pixel bytes: the red, green and blue
 * planes of a 32×32 image, row by row — exactly the CHW layout of {@link ImageSet}.
 *
 * <ul>
 *   <li>CIFAR-10 ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}):
 *       1 label byte (0–9) + 3072 bytes = 3073 bytes per record.
 *   <li>CIFAR-100 ({@code train.bin}, {@code test.bin}): a coarse label byte (0–19), a fine label
 *       byte (0–99), then 3072 bytes = 3074 bytes per record.
 * </ul>
 *
 * <p>A file that is empty, larger than its known size, or whose length is not a whole number of
 * records, or a label out of range, is a {@link DatasetFormatException}. Files are checked against
 * their sizes before anything is allocated.
 */
public final class CifarReader {

  /** Channels, height and width of a CIFAR image. */
  public static final int CHANNELS = 3, SIDE = 32;

  /** Pixel bytes per CIFAR image. */
  public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;

  /** Bytes per CIFAR-10 record. */
  public static final int CIFAR10_RECORD = 1 + IMAGE_BYTES;

  /** Bytes per CIFAR-100 record. */
  public static final int CIFAR100_RECORD = 2 + IMAGE_BYTES;

  private CifarReader() {}

  /**
   * Reads CIFAR-10 batch files, concatenated in the given order.
   *
   * @param name the name of the result, e.g. {@code "cifar-10/train"}
   * @param files one or more batch files
   */
  public static ImageSet readCifar10(String name, List<Path> files) throws IOException {
    return readCifar10(name, files, file -> SizeLimit.largestArray(0));
  }

  /** As {@link #readCifar10(String, List)}, with the most bytes each file may hold. */
  static ImageSet readCifar10(String name, List<Path> files, Function<Path, SizeLimit> limits)
      throws IOException {
    return read(name, files, limits, 1, 0, 10);
  }

  /**
   * Reads a CIFAR-100 file.
   *
   * @param name the name of the result
   * @param file {@code train.bin} or {@code test.bin}
   * @param fineLabels true for the 100 fine classes, false for the 20 coarse superclasses
   */
  public static ImageSet readCifar100(String name, Path file, boolean fineLabels)
      throws IOException {
    return readCifar100(name, file, fineLabels, f -> SizeLimit.largestArray(0));
  }

  /** As {@link #readCifar100(String, Path, boolean)}, with the most bytes the file may hold. */
  static ImageSet readCifar100(String name, Path file, boolean fineLabels,
      Function<Path, SizeLimit> limits) throws IOException {
    return read(name, List.of(file), limits, 2, fineLabels ? 1 : 0, fineLabels ? 100 : 20);
  }

  private static ImageSet read(String name, List<Path> files, Function<Path, SizeLimit> limits,
      int labelBytes, int labelIndex, int numClasses) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(name + ": expected at least one CIFAR file, found none");
    }
    int record = labelBytes + IMAGE_BYTES;
    long[] counts = new long[files.size()];
    long total = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      long size = Files.size(file);
      limits.apply(file).check(file, size);
      if (size == 0 || size % record != 0) {
        throw new DatasetFormatException(file, "a non-empty whole number of " + record
            + "-byte records", size + " bytes" + (size == 0 ? "" : " (" + size / record
            + " records and " + size % record + " bytes left over)"));
      }
      counts[f] = size / record;
      total += counts[f];
    }
    if (total * IMAGE_BYTES > JavaArrays.MAX_LENGTH) {
      throw new DatasetFormatException(files.get(0), "at most " + JavaArrays.MAX_LENGTH / IMAGE_BYTES
          + " images in all files together", total + " images");
    }
    byte[] pixels = new byte[(int) (total * IMAGE_BYTES)];
    int[] labels = new int[(int) total];
    int image = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      try (DatasetInput in = DatasetInput.open(file, limits.apply(file))) {
        if (in.isGzip()) {
          throw new DatasetFormatException(file, "an uncompressed CIFAR binary file",
              "gzip-compressed data (extract the .tar.gz archive first)");
        }
        for (long r = 0; r < counts[f]; r++, image++) {
          byte[] rec = in.readExactly(record, "record " + r);
          int label = rec[labelIndex] & 0xff;
          if (label >= numClasses) {
            throw new DatasetFormatException(file, "label of record " + r + " in [0, " + numClasses
                + ")", String.valueOf(label));
          }
          labels[image] = label;
          System.arraycopy(rec, labelBytes, pixels, image * IMAGE_BYTES, IMAGE_BYTES);
        }
        in.expectEnd(counts[f] + " records");
      }
    }
    return new ImageSet(name, CHANNELS, SIDE, SIDE, numClasses, pixels, labels);
  }
}
