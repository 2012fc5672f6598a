package org.spikebridge.data;

import java.util.SplittableRandom;

/**
 * CIFAR-style training augmentation, as torchvision's {@code RandomCrop(size, padding=p)} followed
 * by {@code RandomHorizontalFlip(0.5)}: the raw image is zero-padded by {@code p} pixels on each
 * side, a window of the original size is cut out at a random offset {@code (dy, dx)} in
 * {@code [0, 2p]²}, and the result is mirrored left–right with probability ½. Padding is black in
 * the raw image (value 0 before normalization), so after normalization it becomes
 * {@code −mean/std}, as with torchvision when {@code Normalize} comes after the crop.
 *
 * <p>The draw for an image is a pure function of (seed, epoch, position of the image in the epoch),
 * so a resumed run sees the same augmented batches.
 *
 * @param padding pixels of zero padding on each side; 0 disables cropping
 * @param flip whether to mirror horizontally with probability ½
 */
public record Augmentation(int padding, boolean flip) {

  /** Checks the padding is non-negative. */
  public Augmentation {
    if (padding < 0) {
      throw new IllegalArgumentException("expected padding >= 0, found " + padding);
    }
  }

  /** The usual CIFAR augmentation: padding 4 and horizontal flips. */
  public static Augmentation cifar() {
    return new Augmentation(4, true);
  }

  /**
   * What is done to one image.
   *
   * @param dy row offset of the crop window in the padded image, in {@code [0, 2·padding]}
   * @param dx column offset of the crop window in the padded image, in {@code [0, 2·padding]}
   * @param flip whether the cropped image is mirrored left–right
   */
  public record Transform(int dy, int dx, boolean flip) {}

  /** The transform of the image at {@code position} of epoch {@code epoch} under {@code seed}. */
  public Transform draw(long seed, int epoch, long position) {
    SplittableRandom random = new SplittableRandom(
        BatchIterator.mix(BatchIterator.mix(seed, epoch) ^ 0x5DEECE66DL, position));
    int dy = padding == 0 ? 0 : random.nextInt(2 * padding + 1);
    int dx = padding == 0 ? 0 : random.nextInt(2 * padding + 1);
    boolean f = flip && random.nextBoolean();
    return new Transform(dy, dx, f);
  }

  /**
   * Writes image {@code image} of {@code set}, transformed by {@code t} and normalized, to
   * {@code out} from {@code outOffset} (CHW floats).
   */
  public void apply(ImageSet set, int image, Transform t, float[][] normTable, float[] out,
      int outOffset) {
    int h = set.height();
    int w = set.width();
    byte[] px = set.pixels();
    int base = image * set.imageSize();
    for (int c = 0; c < set.channels(); c++) {
      float[] lut = normTable[c];
      int plane = base + c * h * w;
      int o = outOffset + c * h * w;
      for (int y = 0; y < h; y++) {
        int sy = y + t.dy() - padding;
        for (int x = 0; x < w; x++) {
          int sx = (t.flip() ? w - 1 - x : x) + t.dx() - padding;
          int v = (sy < 0 || sy >= h || sx < 0 || sx >= w) ? 0 : px[plane + sy * w + sx] & 0xff;
          out[o + y * w + x] = lut[v];
        }
      }
    }
  }
}
