package org.spikebridge.data;

import java.util.List;
import org.spikebridge.files.JavaArrays;

/**
 * The channels and size every image of a user's dataset is brought to.
 *
 * @param channels channels of every image
 * @param height rows of every image
 * @param width columns of every image
 * @param resize whether images of another size are resized (else they are an error)
 */
record TargetShape(int channels, int height, int width, boolean resize) {

  /** The fit's channels, height and width where it gives them, else the data's. */
  static TargetShape of(ImageFit fit, int dataChannels, int dataHeight, int dataWidth) {
    return new TargetShape(orData(fit.channels(), dataChannels), orData(fit.height(), dataHeight),
        orData(fit.width(), dataWidth), fit.resize());
  }

  private static int orData(int fitted, int data) {
    return fitted > 0 ? fitted : data;
  }

  /**
   * The image set of {@code images}, each fitted to this shape.
   *
   * @throws DatasetFormatException naming the first image that cannot be fitted
   */
  ImageSet imageSet(String name, List<RawImage> images, int[] labels, int numClasses)
      throws DatasetFormatException {
    int imageSize = channels * height * width;
    if ((long) images.size() * imageSize > JavaArrays.MAX_LENGTH) {
      throw new DatasetFormatException(images.get(0).source(), "at most "
          + JavaArrays.MAX_LENGTH / imageSize + " images of " + channels + "×" + height + "×"
          + width + " in " + name, images.size() + " images");
    }
    byte[] pixels = new byte[images.size() * imageSize];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(fitted(images.get(i)).pixels(), 0, pixels, i * imageSize, imageSize);
    }
    return new ImageSet(name, channels, height, width, numClasses, pixels, labels);
  }

  private RawImage fitted(RawImage image) throws DatasetFormatException {
    boolean sameSize = image.height() == height && image.width() == width;
    if (!sameSize && !resize) {
      throw new DatasetFormatException(image.source(), "an image of " + height + "×" + width
          + " pixels (height×width)", image.height() + "×" + image.width() + " in "
          + image.source().getParent() + " (--resize scales and center-crops images to fit)");
    }
    RawImage converted = image.withChannels(channels);
    return sameSize ? converted : converted.resized(height, width);
  }
}
