package org.spikebridge.simulate.event;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.spikebridge.data.Batch;

/**
 * The Poisson input spikes of a whole batch for steps 1..T, one bit per pixel and step: pixel p of
 * image i spikes at step t when the next {@code nextFloat()} of a {@link SplittableRandom} seeded
 * with {@code seed ^ Arrays.hashCode(images)} is below its intensity, drawn step after step, image
 * after image, pixel after pixel in the batch's order. These are the same draws, in the same order,
 * as the dense reference engine's, so both engines see the same spikes. Memory: T·N·C·H·W bits.
 */
final class PoissonSpikes {
  private final long[] bits;
  private final int imageSize;
  private final int images;

  private PoissonSpikes(long[] bits, int imageSize, int images) {
    this.bits = bits;
    this.imageSize = imageSize;
    this.images = images;
  }

  /** Draws the spikes of {@code batch} for {@code timesteps} steps. */
  static PoissonSpikes draw(Batch batch, int timesteps, long seed) {
    float[] pixels = batch.images();
    long total = (long) timesteps * pixels.length;
    long[] bits = new long[Math.toIntExact((total + 63) / 64)];
    SplittableRandom random = new SplittableRandom(seed ^ Arrays.hashCode(pixels));
    long bit = 0;
    for (int t = 0; t < timesteps; t++) {
      for (float pixel : pixels) {
        if (random.nextFloat() < pixel) {
          bits[(int) (bit >>> 6)] |= 1L << bit;
        }
        bit++;
      }
    }
    return new PoissonSpikes(bits, pixels.length / batch.size(), batch.size());
  }

  /**
   * Writes the channels-last positions ({@code order}) of the pixels of image {@code image} that
   * spike at step {@code t} (from 1) to {@code spikes}; returns their number.
   */
  int spikes(int t, int image, int[] order, int[] spikes) {
    long base = ((long) (t - 1) * images + image) * imageSize;
    int count = 0;
    for (int p = 0; p < imageSize; p++) {
      long bit = base + p;
      if ((bits[(int) (bit >>> 6)] & (1L << bit)) != 0) {
        spikes[count++] = order[p];
      }
    }
    return count;
  }
}
