package org.spikebridge.data;

import java.nio.file.Path;

/**
 * One image of a user's dataset as read, before it is fitted: unsigned bytes in CHW order.
 *
 * @param source the file it was read from, named in error messages
 * @param channels colour planes (1 for grey, 3 for RGB)
 * @param height rows per plane
 * @param width columns per plane
 * @param pixels {@code channels × height × width} bytes
 */
record RawImage(Path source, int channels, int height, int width, byte[] pixels) {

  /** The grey value of a colour: {@code round(0.299 R + 0.587 G + 0.114 B)}. */
  static int luma(int red, int green, int blue) {
    return (int) Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
  }

  /**
   * The image with {@code target} channels: a grey image's plane replicated into three, or a colour
   * image's {@link #luma}.
   *
   * @throws DatasetFormatException naming the source if the channels are neither equal nor 1 and 3
   */
  RawImage withChannels(int target) throws DatasetFormatException {
    if (target == channels) {
      return this;
    }
    int plane = height * width;
    byte[] out = new byte[target * plane];
    if (channels == 1 && target == 3) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(pixels, 0, out, c * plane, plane);
      }
    } else if (channels == 3 && target == 1) {
      for (int k = 0; k < plane; k++) {
        out[k] = (byte) luma(pixels[k] & 0xff, pixels[plane + k] & 0xff,
            pixels[2 * plane + k] & 0xff);
      }
    } else {
      throw new DatasetFormatException(source, "images of " + target + " channels (1 and 3 "
          + "channels convert into each other)", "images of " + channels + " channels");
    }
    return new RawImage(source, target, height, width, out);
  }

  /**
   * The image scaled bilinearly, preserving the aspect ratio, to the smallest size that covers
   * {@code targetHeight × targetWidth}, then center-cropped to it.
   */
  RawImage resized(int targetHeight, int targetWidth) {
    double scale = Math.max((double) targetHeight / height, (double) targetWidth / width);
    Taps rows = Taps.of(targetHeight, height, scale);
    Taps cols = Taps.of(targetWidth, width, scale);
    byte[] out = new byte[channels * targetHeight * targetWidth];
    int o = 0;
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < targetHeight; y++) {
        int top = plane + rows.low[y] * width;
        int bottom = plane + rows.high[y] * width;
        for (int x = 0; x < targetWidth; x++) {
          double upper = cols.blend(x, pixels[top + cols.low[x]], pixels[top + cols.high[x]]);
          double lower = cols.blend(x, pixels[bottom + cols.low[x]], pixels[bottom + cols.high[x]]);
          out[o++] = (byte) Math.round((1 - rows.weight[y]) * upper + rows.weight[y] * lower);
        }
      }
    }
    return new RawImage(source, channels, targetHeight, targetWidth, out);
  }

  /**
   * Bilinear sampling along one axis: for each output position, the two source positions around
   * its centre and the weight of the second.
   */
  private record Taps(int[] low, int[] high, double[] weight) {

    /**
     * The taps of {@code outSize} positions cut from the middle of {@code sourceSize} positions
     * scaled by {@code scale} (pixel centres aligned, as in OpenCV and PIL).
     */
    static Taps of(int outSize, int sourceSize, double scale) {
      int scaledSize = Math.max(outSize, (int) Math.round(sourceSize * scale));
      int offset = (scaledSize - outSize) / 2;
      Taps taps = new Taps(new int[outSize], new int[outSize], new double[outSize]);
      for (int i = 0; i < outSize; i++) {
        double at = (i + offset + 0.5) * sourceSize / scaledSize - 0.5;
        at = Math.min(Math.max(at, 0), sourceSize - 1);
        taps.low[i] = (int) at;
        taps.high[i] = Math.min(taps.low[i] + 1, sourceSize - 1);
        taps.weight[i] = at - taps.low[i];
      }
      return taps;
    }

    /** The value between pixel bytes {@code a} and {@code b} at output position {@code i}. */
    double blend(int i, byte a, byte b) {
      return (1 - weight[i]) * (a & 0xff) + weight[i] * (b & 0xff);
    }
  }
}
