package org.spikebridge.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The batches of one epoch over an {@link ImageSet}. With shuffling, the order of epoch {@code e}
 * is a Fisher–Yates permutation drawn from {@code new SplittableRandom(mix(seed, e))}: a pure
 * function of (seed, epoch), so a resumed training run gets exactly the same batches. Augmentation
 * draws are likewise a function of (seed, epoch, position in the epoch).
 */
public final class BatchIterator implements Iterator<Batch> {

  private final ImageSet set;
  private final BatchOptions options;
  private final int epoch;
  private final int[] order;
  private final float[][] table;
  private final int batches;
  private int next;

  /** The batches of epoch {@code epoch} (0-based) of {@code set} under {@code options}. */
  public BatchIterator(ImageSet set, BatchOptions options, int epoch) {
    if (set.channels() != options.normalization().channels()) {
      throw new IllegalArgumentException(set.name() + ": expected a normalization for "
          + set.channels() + " channels, found one for " + options.normalization().channels());
    }
    this.set = set;
    this.options = options;
    this.epoch = epoch;
    this.order = order(set.size(), options.shuffle(), options.seed(), epoch);
    this.table = options.normalization().table();
    this.batches = numBatches(set.size(), options.batchSize(), options.dropLast());
  }

  /** An {@link Iterable} over the batches of one epoch, for use in a for-each loop. */
  public static Iterable<Batch> epoch(ImageSet set, BatchOptions options, int epoch) {
    return () -> new BatchIterator(set, options, epoch);
  }

  /** Number of batches per epoch of {@code n} images. */
  public static int numBatches(int n, int batchSize, boolean dropLast) {
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Number of batches this iterator yields in all. */
  public int numBatches() {
    return batches;
  }

  /**
   * The order in which an epoch visits {@code n} images: {@code 0, 1, …, n−1} without shuffling,
   * else a Fisher–Yates shuffle seeded with {@link #mix mix(seed, epoch)}.
   */
  public static int[] order(int n, boolean shuffle, long seed, int epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom random = new SplittableRandom(mix(seed, epoch));
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    return order;
  }

  /** Combines two numbers into a well-spread 64-bit seed (SplitMix64 finalizer). */
  public static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean hasNext() {
    return next < batches;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " has only " + batches + " batches");
    }
    int start = next * options.batchSize();
    int size = Math.min(options.batchSize(), set.size() - start);
    next++;
    int c = set.channels();
    int h = set.height();
    int w = set.width();
    int imageSize = set.imageSize();
    float[] images = new float[size * imageSize];
    int[] labels = new int[size];
    Augmentation aug = options.augmentation();
    byte[] px = set.pixels();
    for (int i = 0; i < size; i++) {
      int position = start + i;
      int image = order[position];
      labels[i] = set.labels()[image];
      if (aug != null) {
        aug.apply(set, image, aug.draw(options.seed(), epoch, position), table, images,
            i * imageSize);
      } else {
        int src = image * imageSize;
        int dst = i * imageSize;
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
          float[] lut = table[ch];
          for (int k = 0; k < plane; k++) {
            images[dst + ch * plane + k] = lut[px[src + ch * plane + k] & 0xff];
          }
        }
      }
    }
    return new Batch(images, labels, size, c, h, w);
  }
}
