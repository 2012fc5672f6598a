package org.spikebridge.data;

/**
 * How a user's images are fitted to a network: the channels, size and number of classes they must
 * have, whether images of another size are resized, and the seed of the train/test split of a
 * folder that is not split already. A value of 0 takes the data's own channels, height, width or
 * number of classes.
 *
 * <p>Known datasets (Fashion-MNIST, CIFAR-10, …) are not fitted: they are loaded as published.
 *
 * @param channels channels of every image (1 or 3 convert into each other), or 0 for the data's
 * @param height rows of every image, or 0 for the data's
 * @param width columns of every image, or 0 for the data's
 * @param numClasses labels must lie in {@code [0, numClasses)}, or 0 for as many as the data has
 * @param resize whether images of another size are scaled (preserving the aspect ratio, so that
 *     they cover {@code height × width}) and center-cropped; without it they are an error
 * @param splitSeed seed of the stratified split of a folder of class folders into TRAIN and TEST
 */
public record ImageFit(
    int channels, int height, int width, int numClasses, boolean resize, long splitSeed) {

  /** Checks that channels, height, width and numClasses are not negative. */
  public ImageFit {
    if (channels < 0 || height < 0 || width < 0 || numClasses < 0) {
      throw new IllegalArgumentException("expected channels, height, width and numClasses >= 0 "
          + "(0 = the data's own), found channels=" + channels + ", height=" + height + ", width="
          + width + ", numClasses=" + numClasses);
    }
  }

  /** The data as it is: its own channels, size and classes, no resizing. */
  public static ImageFit asIs(long splitSeed) {
    return new ImageFit(0, 0, 0, 0, false, splitSeed);
  }

  /** The same fit to images of {@code channels × height × width}: the network's input shape. */
  public ImageFit withShape(int channels, int height, int width) {
    return new ImageFit(channels, height, width, numClasses, resize, splitSeed);
  }

  /** The same fit with labels in {@code [0, numClasses)} (0: as many as the data has). */
  public ImageFit withNumClasses(int numClasses) {
    return new ImageFit(channels, height, width, numClasses, resize, splitSeed);
  }

  /** The same fit, with or without resizing images of another size. */
  public ImageFit withResize(boolean resize) {
    return new ImageFit(channels, height, width, numClasses, resize, splitSeed);
  }
}
