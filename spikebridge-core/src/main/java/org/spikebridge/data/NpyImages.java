package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.spikebridge.files.NpyArray;

/**
 * The images of an {@code x_*.npy} file: uint8 pixels, or float32 pixels in [0, 1] (each becomes
 * {@code round(x·255)}), of shape N×H×W (grey), N×C×H×W or N×H×W×C. The channel axis of a 4-d
 * array is axis 1 or axis 3, whichever has the fit's channels, else whichever has 1 or 3 (in that
 * order of preference: axis 1 first).
 */
final class NpyImages {

  private static final String SHAPES =
      "images of shape (N, H, W), (N, C, H, W) or (N, H, W, C) with no dimension 0";

  private final Path file;
  private final int channels;
  private final int height;
  private final int width;
  private final boolean channelsLast;
  private final byte[] pixels;

  private NpyImages(Path file, int[] nchw, boolean channelsLast, byte[] pixels) {
    this.file = file;
    this.channels = nchw[1];
    this.height = nchw[2];
    this.width = nchw[3];
    this.channelsLast = channelsLast;
    this.pixels = pixels;
  }

  /**
   * Reads {@code file}; {@code fitChannels} (0 if open) picks the channel axis.
   *
   * @throws IOException naming the file if it is no such array
   */
  static NpyImages read(Path file, int fitChannels) throws IOException {
    NpyArray array = NpyArray.read(file);
    int[] shape = array.shape();
    if (shape.length < 3 || shape.length > 4 || Arrays.stream(shape).anyMatch(d -> d == 0)) {
      throw new DatasetFormatException(file, SHAPES, "shape " + Arrays.toString(shape));
    }
    boolean channelsLast = shape.length == 4 && isChannelsLast(file, shape, fitChannels);
    int[] nchw = shape.length == 3 ? new int[] {shape[0], 1, shape[1], shape[2]}
        : channelsLast ? new int[] {shape[0], shape[3], shape[1], shape[2]} : shape;
    return new NpyImages(file, nchw, channelsLast, pixelBytes(file, array));
  }

  private static boolean isChannelsLast(Path file, int[] shape, int fitChannels)
      throws DatasetFormatException {
    List<IntPredicate> channelCounts = List.of(n -> n == fitChannels, n -> n == 1 || n == 3);
    for (IntPredicate isChannels : channelCounts) {
      if (isChannels.test(shape[1])) {
        return false;
      }
      if (isChannels.test(shape[3])) {
        return true;
      }
    }
    throw new DatasetFormatException(file, "a channel axis of " + (fitChannels > 0
        ? fitChannels + ", 1 or 3" : "1 or 3") + " channels (axis 1 for NCHW, axis 3 for NHWC)",
        "shape " + Arrays.toString(shape));
  }

  /** The values as pixel bytes, in the file's order. */
  private static byte[] pixelBytes(Path file, NpyArray array) throws DatasetFormatException {
    String dtype = array.dtype();
    boolean isFloat = dtype.equals("<f4") || dtype.equals(">f4");
    if (!isFloat && !dtype.equals("|u1")) {
      throw new DatasetFormatException(file, "pixels of dtype uint8 (|u1) or float32 (<f4)",
          "dtype " + dtype);
    }
    float[] values = array.floats();
    byte[] pixels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (isFloat && !(v >= 0 && v <= 1)) {
        throw new DatasetFormatException(file, "float32 pixel values in [0, 1] (unnormalized "
            + "images, scaled by 1/255)", v + " at index " + index(i, array.shape()));
      }
      pixels[i] = (byte) (isFloat ? Math.round(v * 255) : (int) v);
    }
    return pixels;
  }

  /** The multi-index of C-order position {@code flat} in {@code shape}, e.g. {@code [1, 0, 2]}. */
  private static String index(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return Arrays.toString(index);
  }

  /** The file the images come from. */
  Path file() {
    return file;
  }

  /** The number of images. */
  int count() {
    return pixels.length / (channels * height * width);
  }

  /** Channels per image. */
  int channels() {
    return channels;
  }

  /** Rows per image. */
  int height() {
    return height;
  }

  /** Columns per image. */
  int width() {
    return width;
  }

  /** Checks these images have the channels and size of {@code other}'s. */
  void requireShapeOf(NpyImages other) throws DatasetFormatException {
    if (channels != other.channels || height != other.height || width != other.width) {
      throw new DatasetFormatException(file, "images of " + other.shapeText() + " (C×H×W) as in "
          + other.file.getFileName(), "images of " + shapeText());
    }
  }

  private String shapeText() {
    return channels + "×" + height + "×" + width;
  }

  /** The images, each made (in CHW order) when it is asked for. */
  List<RawImage> images() {
    return new AbstractList<>() {
      @Override
      public RawImage get(int i) {
        return image(i);
      }

      @Override
      public int size() {
        return count();
      }
    };
  }

  private RawImage image(int i) {
    int plane = height * width;
    int size = channels * plane;
    byte[] chw = Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
    if (channelsLast) {
      for (int k = 0; k < plane; k++) {
        for (int c = 0; c < channels; c++) {
          chw[c * plane + k] = pixels[i * size + k * channels + c];
        }
      }
    }
    return new RawImage(file, channels, height, width, chw);
  }
}
