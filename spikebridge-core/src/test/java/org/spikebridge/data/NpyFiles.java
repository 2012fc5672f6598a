package org.spikebridge.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code .npy} files written by hand in the version 1.0 format, independently of the reader: the
 * magic {@code \x93NUMPY}, version 1 0, the header length as a little-endian uint16, a header dict
 * padded with spaces and a newline to a multiple of 64 bytes in all, then the data. Public for
 * the tests of other modules.
 */
public final class NpyFiles {

  private NpyFiles() {}

  public static int[] shape(int... dims) {
    return dims;
  }

  public static byte[] npy(String descr, int[] shape, byte[] data) {
    String tuple = Arrays.stream(shape).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    int prefix = 10;
    int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
    String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
    return ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII))
        .put((byte) 1).put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data).array();
  }

  static byte[] uint8(int[] shape, int... values) {
    return npy("|u1", shape, TestData.bytes(values));
  }

  static byte[] float32(int[] shape, float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return npy("<f4", shape, b.array());
  }

  public static byte[] int64(int[] shape, long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return npy("<i8", shape, b.array());
  }

  /** Writes the four files of an {@code npy:} dataset into {@code folder} (created if need be). */
  public static Path dataset(Path folder, byte[] xTrain, byte[] yTrain, byte[] xTest, byte[] yTest)
      throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("x_train.npy"), xTrain);
    Files.write(folder.resolve("y_train.npy"), yTrain);
    Files.write(folder.resolve("x_test.npy"), xTest);
    Files.write(folder.resolve("y_test.npy"), yTest);
    return folder;
  }
}
