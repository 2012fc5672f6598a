package org.spikebridge.train;

import java.util.SplittableRandom;
import org.spikebridge.data.ImageSet;

/** An easy 10-class task on 1×28×28 images: class k is a bright 7×7 square at place k, on noise. */
final class SyntheticImages {
  private SyntheticImages() {}

  static ImageSet make(String name, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = i % 10;
      labels[i] = label;
      int top = 2 + (label / 4) * 8 + random.nextInt(2);
      int left = 2 + (label % 4) * 6 + random.nextInt(2);
      for (int p = 0; p < 784; p++) {
        int y = p / 28;
        int x = p % 28;
        boolean inside = y >= top && y < top + 7 && x >= left && x < left + 7;
        pixels[i * 784 + p] = (byte) (inside ? 180 + random.nextInt(76) : random.nextInt(90));
      }
    }
    return new ImageSet(name, 1, 28, 28, 10, pixels, labels);
  }
}
