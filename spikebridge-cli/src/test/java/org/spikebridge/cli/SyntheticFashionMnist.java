package org.spikebridge.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small stand-in for Fashion-MNIST (raw IDX files, the real file names) whose class k is a
 * bright square at place k, so that commands can be tested without the real data.
 */
final class SyntheticFashionMnist {
  private SyntheticFashionMnist() {}

  static Path write(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    writeSplit(dir, "train", train, 11);
    writeSplit(dir, "t10k", test, 12);
    return dir;
  }

  private static void writeSplit(Path dir, String prefix, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
    ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
    for (int i = 0; i < n; i++) {
      int label = i % 10;
      labels.put((byte) label);
      int top = 2 + (label / 4) * 8;
      int left = 2 + (label % 4) * 6;
      for (int p = 0; p < 784; p++) {
        int y = p / 28;
        int x = p % 28;
        boolean inside = y >= top && y < top + 7 && x >= left && x < left + 7;
        images.put((byte) (inside ? 200 + random.nextInt(56) : random.nextInt(80)));
      }
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
  }
}
