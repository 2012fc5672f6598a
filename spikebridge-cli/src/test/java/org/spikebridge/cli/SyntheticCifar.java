package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small stand-in for CIFAR-10 in its binary format (the real file names: five training
 * batches and a test batch, each record a label byte and 3×32×32 pixel bytes, planes R, G, B) whose
 * class k is a bright square at place k of plane k mod 3.
 */
final class SyntheticCifar {
  private SyntheticCifar() {}

  static Path write(Path dir, int perTrainBatch, int test) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int b = 1; b <= 5; b++) {
      Files.write(folder.resolve("data_batch_" + b + ".bin"), records(perTrainBatch, b));
    }
    Files.write(folder.resolve("test_batch.bin"), records(test, 99));
    return dir;
  }

  private static byte[] records(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] out = new byte[n * 3073];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(10);
      int base = i * 3073;
      out[base] = (byte) label;
      int top = 2 + (label / 4) * 10;
      int left = 2 + (label % 4) * 7;
      for (int p = 0; p < 3072; p++) {
        int plane = p / 1024;
        int y = (p % 1024) / 32;
        int x = p % 32;
        boolean inside = plane == label % 3 && y >= top && y < top + 8 && x >= left && x < left + 8;
        out[base + 1 + p] = (byte) (inside ? 200 + random.nextInt(56) : random.nextInt(80));
      }
    }
    return out;
  }
}
