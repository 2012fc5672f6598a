package org.spikebridge.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Decodes a PNG, JPEG or BMP file with {@link ImageIO} into a {@link RawImage}: one channel for a
 * grey image (a grey colour space, or a palette of greys), else three (RGB; alpha is dropped).
 * Grey samples are read as stored (scaled to 8 bits), not through the colour conversion of
 * {@link BufferedImage#getRGB}, which would treat them as linear light.
 */
final class ImageFileDecoder {

  private static final String IMAGE = "a PNG, JPEG or BMP image";

  private ImageFileDecoder() {}

  /**
   * The image in {@code file}.
   *
   * @throws DatasetFormatException naming the file if ImageIO cannot decode it
   */
  static RawImage decode(Path file) throws DatasetFormatException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DatasetFormatException(file, IMAGE, "data ImageIO cannot decode in "
          + file.getParent() + " (" + Objects.requireNonNullElse(e.getMessage(),
              e.getClass().getSimpleName()).replaceAll("\\R", " ") + ")", e);
    }
    if (image == null) {
      throw new DatasetFormatException(file, IMAGE, "a file no ImageIO reader recognizes in "
          + file.getParent());
    }
    ColorModel model = image.getColorModel();
    if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      return greySamples(file, image.getRaster(), model.getComponentSize(0));
    }
    RawImage rgb = rgb(file, image);
    return model instanceof IndexColorModel palette && isGrey(palette) ? rgb.withChannels(1) : rgb;
  }

  private static RawImage greySamples(Path file, Raster raster, int bits) {
    int height = raster.getHeight();
    int width = raster.getWidth();
    double max = (1 << bits) - 1;
    byte[] pixels = new byte[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = (byte) Math.round(raster.getSample(x, y, 0) * 255 / max);
      }
    }
    return new RawImage(file, 1, height, width, pixels);
  }

  private static RawImage rgb(Path file, BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    int plane = height * width;
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] pixels = new byte[3 * plane];
    for (int k = 0; k < plane; k++) {
      pixels[k] = (byte) (argb[k] >> 16);
      pixels[plane + k] = (byte) (argb[k] >> 8);
      pixels[2 * plane + k] = (byte) argb[k];
    }
    return new RawImage(file, 3, height, width, pixels);
  }

  private static boolean isGrey(IndexColorModel palette) {
    for (int i = 0; i < palette.getMapSize(); i++) {
      int red = palette.getRed(i);
      if (palette.getGreen(i) != red || palette.getBlue(i) != red) {
        return false;
      }
    }
    return true;
  }
}
