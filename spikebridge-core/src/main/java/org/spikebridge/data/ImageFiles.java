package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import org.spikebridge.network.TensorShape;

/** Single image files as a network reads them, decoded as the {@code folder:} datasets decode theirs. */
public final class ImageFiles {
  private ImageFiles() {}

  /**
   * The pixel bytes (0–255, C×H×W, channel planes one after another) of the PNG, JPEG or BMP image
   * in {@code file} for inputs of {@code shape}: a grey image for one channel, RGB for three (a grey
   * image is repeated, an RGB one turned grey by its luma), never resized.
   *
   * @throws DatasetFormatException naming the file when it is no such image, or not H×W
   */
  public static byte[] pixels(Path file, TensorShape shape) throws IOException {
    RawImage image = ImageFileDecoder.decode(file).withChannels(shape.dim(0));
    if (image.height() != shape.dim(1) || image.width() != shape.dim(2)) {
      throw new DatasetFormatException(file, "an image of " + shape.dim(2) + "×" + shape.dim(1)
          + " pixels (width × height)", image.width() + "×" + image.height() + " pixels");
    }
    return image.pixels();
  }
}
