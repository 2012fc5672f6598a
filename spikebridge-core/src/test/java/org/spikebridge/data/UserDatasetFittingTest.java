package org.spikebridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a user's images are brought to a network's shape: {@link RawImage}, {@link TargetShape}. */
class UserDatasetFittingTest {

  private static final Path FILE = Path.of("data", "a", "img.png");

  private static RawImage image(int channels, int height, int width, int... values) {
    return new RawImage(FILE, channels, height, width, TestData.bytes(values));
  }

  @Test
  void lumaOfKnownColours() {
    assertThat(RawImage.luma(200, 100, 50)).isEqualTo(124); // 59.8 + 58.7 + 5.7 = 124.2
    assertThat(RawImage.luma(255, 0, 0)).isEqualTo(76); // 76.245
    assertThat(RawImage.luma(255, 255, 255)).isEqualTo(255);
  }

  @Test
  void channelsConvertBetweenGreyAndColourOnly() throws DatasetFormatException {
    RawImage grey = image(1, 1, 2, 7, 250);
    assertThat(grey.withChannels(1)).isSameAs(grey);
    assertThat(grey.withChannels(3).pixels())
        .containsExactly(TestData.bytes(7, 250, 7, 250, 7, 250));
    RawImage colour = image(3, 1, 2, 200, 255, 100, 0, 50, 0);
    assertThat(colour.withChannels(1).pixels()).containsExactly(TestData.bytes(124, 76));
    assertThatThrownBy(() -> image(2, 1, 1, 1, 2).withChannels(3))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("img.png: expected images of 3 channels (1 and 3 channels convert into each "
            + "other), found images of 2 channels");
  }

  @Test
  void downscaleByTwoAveragesBlocks() {
    RawImage square = image(1, 4, 4,
        10, 20, 30, 40,
        30, 40, 50, 60,
        0, 0, 100, 100,
        0, 0, 100, 100);
    assertThat(square.resized(2, 2).pixels()).containsExactly(TestData.bytes(25, 45, 0, 100));
  }

  @Test
  void resizeKeepsTheAspectRatioAndCropsTheCentre() {
    RawImage wide = image(1, 2, 4, 10, 20, 30, 40, 50, 60, 70, 80);
    assertThat(wide.resized(2, 2).pixels()).containsExactly(TestData.bytes(20, 30, 60, 70));
    RawImage tall = image(1, 4, 2, 10, 20, 30, 40, 50, 60, 70, 80);
    assertThat(tall.resized(2, 2).pixels()).containsExactly(TestData.bytes(30, 40, 50, 60));
    // 4×8 uniform per channel, halved to 2×4, then the middle 2×2 of it
    int[] uniform = new int[2 * 4 * 8];
    for (int k = 0; k < uniform.length; k++) {
      uniform[k] = k < 32 ? 90 : 180;
    }
    assertThat(image(2, 4, 8, uniform).resized(2, 2).pixels())
        .containsExactly(TestData.bytes(90, 90, 90, 90, 180, 180, 180, 180));
  }

  @Test
  void upscaleOfOnePixelRepeatsIt() {
    assertThat(image(1, 1, 1, 77).resized(3, 3).pixels()).containsOnly((byte) 77).hasSize(9);
  }

  @Test
  void targetShapeTakesTheFitsValuesWhereGiven() {
    ImageFit fit = ImageFit.asIs(0).withShape(3, 0, 5).withResize(true);
    assertThat(TargetShape.of(fit, 1, 28, 28)).isEqualTo(new TargetShape(3, 28, 5, true));
    assertThat(TargetShape.of(ImageFit.asIs(0), 1, 28, 28))
        .isEqualTo(new TargetShape(1, 28, 28, false));
  }

  @Test
  void imageSetFitsEveryImage() throws DatasetFormatException {
    TargetShape shape = new TargetShape(3, 1, 1, true);
    ImageSet set = shape.imageSet("s", List.of(image(1, 1, 1, 5), image(3, 2, 2,
        1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3)), new int[] {1, 0}, 2);
    assertThat(set.pixels()).containsExactly(TestData.bytes(5, 5, 5, 1, 2, 3));
    assertThat(set.labels()).containsExactly(1, 0);
    assertThatThrownBy(() -> new TargetShape(1, 1, 1, false).imageSet("s",
        List.of(image(1, 2, 2, 1, 2, 3, 4)), new int[] {0}, 1))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("img.png: expected an image of 1×1 pixels (height×width), found 2×2 in "
            + Path.of("data", "a") + " (--resize scales and center-crops images to fit)");
  }
}
