package org.spikebridge.data;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/** Hand-made dataset bytes for the tests, written independently of the readers. */
final class TestData {

  private TestData() {}

  static byte[] idxImages(int magic, int n, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(magic).putInt(n).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  static byte[] idxLabels(int magic, int n, byte[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(magic).putInt(n).put(labels);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes {@code head} followed by {@code zeros} zero bytes, gzipped, to {@code file}, streaming
   * (a few hundred kilobytes per hundred megabytes of zeros, and no more than 1 MiB in memory).
   */
  static Path gzipWithZeros(Path file, byte[] head, long zeros) throws IOException {
    try (OutputStream out = new GZIPOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file)), 1 << 16)) {
      out.write(head);
      byte[] block = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(left, block.length));
      }
    }
    return file;
  }

  /** Overwrites the last 4 bytes of a gzip file, its trailer's ISIZE, with {@code isize}. */
  static void setIsize(Path file, long isize) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) isize);
      b.flip();
      channel.write(b, channel.size() - 4);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** A ustar archive of the given (name, content) pairs, written by the book. */
  static byte[] tar(Object... nameContent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < nameContent.length; i += 2) {
      String name = (String) nameContent[i];
      byte[] data = (byte[]) nameContent[i + 1];
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, "0000644\0");
      put(h, 108, "0001750\0");
      put(h, 116, "0001750\0");
      put(h, 124, String.format("%011o\0", data.length));
      put(h, 136, "14000000000\0");
      put(h, 148, "        ");
      h[156] = '0';
      put(h, 257, "ustar\0");
      put(h, 263, "00");
      int sum = 0;
      for (byte v : h) {
        sum += v & 0xff;
      }
      put(h, 148, String.format("%06o\0 ", sum));
      out.writeBytes(h);
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
