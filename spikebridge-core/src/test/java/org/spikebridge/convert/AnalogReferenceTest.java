package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

class AnalogReferenceTest {
  private static final TensorShape IMAGE = TensorShape.of(1, 3, 3);
  private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  private static final List<String> IN = List.of("input");

  private static float[] run(Layer layer, float[] image, Map<String, float[]> params) {
    List<Layer> layers = List.of(layer, new Layer.Flatten("flat", List.of(layer.name())));
    int classes = (int) layer.outputShape(List.of(IMAGE)).size();
    Network net = TestNetworks.network(IMAGE, classes, layers, params);
    return AnalogReference.forward(net, image, 1).get(layer.name());
  }

  @Test
  void convolutionByHand() {
    Map<String, float[]> p = Map.of("c.weight", new float[] {1, 2, 3, 4}, "c.bias", new float[] {0.5f});
    float[] valid = run(new Layer.Conv2d("c", IN, 1, 1, 2, 1, 0, true), ONE_TO_NINE, p);
    // [1 2; 4 5]·[1 2; 3 4] = 1+4+12+20 = 37, and so on, plus the bias
    assertThat(valid).containsExactly(37.5f, 47.5f, 67.5f, 77.5f);
    float[] padded = run(new Layer.Conv2d("c", IN, 1, 1, 2, 2, 1, true), ONE_TO_NINE, p);
    // windows at rows/cols {-1,0} and {1,2}: only in-bounds pixels count
    assertThat(padded).containsExactly(1 * 4 + 0.5f, 2 * 3 + 3 * 4 + 0.5f, 4 * 2 + 7 * 4 + 0.5f,
        5 * 1 + 6 * 2 + 8 * 3 + 9 * 4 + 0.5f);
  }

  /**
   * Any window (rectangular kernels, two strides, four pads, channel counts and widths that are
   * not whole vectors) gives each output the double that the textbook loop nest below sums, in its
   * order: bias, then input channel, kernel row, kernel column, padded positions skipped.
   */
  @ParameterizedTest(name = "{0}→{1} channels, kernel {2}×{3}, stride {4},{5}, pads {6},{7},{8},{9}, input {10}×{11}")
  @CsvSource({
      "1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 5, 5",
      "3, 5, 3, 2, 2, 1, 1, 0, 2, 1, 7, 9",
      "2, 9, 1, 4, 1, 3, 0, 2, 0, 1, 6, 11",
      "4, 16, 5, 5, 2, 2, 2, 2, 2, 2, 13, 10",
      "6, 3, 2, 2, 3, 3, 0, 0, 1, 1, 8, 8",
      "2, 4, 2, 2, 1, 1, 3, 3, 3, 3, 3, 3",
      "1, 2, 1, 1, 10, 10, 4, 4, 0, 0, 4, 4"})
  void convolutionGivesTheTextbookLoopsSums(int cin, int cout, int kh, int kw, int sy, int sx,
      int top, int left, int bottom, int right, int h, int w) {
    Layer.Conv2d conv = new Layer.Conv2d("c", IN, cin, cout, kh, sy, top, true,
        new Layer.Conv2d.Rectangle(kw, sx, left, bottom, right));
    TensorShape in = TensorShape.of(cin, h, w);
    TensorShape out = conv.outputShape(List.of(in));
    java.util.Random random = new java.util.Random(cin * 31 + cout);
    float[] weight = new float[cout * cin * kh * kw];
    float[] bias = new float[cout];
    float[] image = new float[(int) in.size()];
    for (float[] a : List.of(weight, bias, image)) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextGaussian();
      }
    }
    Network net = TestNetworks.network(in, (int) out.size(),
        List.of(conv, new Layer.Flatten("flat", List.of("c"))), Map.of("c.weight", weight, "c.bias", bias));
    float[] y = AnalogReference.forward(net, image, 1).get("c");
    int ho = out.dim(1), wo = out.dim(2);
    assertThat(y).hasSize(cout * ho * wo);
    for (int o = 0; o < cout; o++) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          double sum = bias[o];
          for (int ci = 0; ci < cin; ci++) {
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sy - top + ky, ix = ox * sx - left + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  sum += weight[((o * cin + ci) * kh + ky) * kw + kx] * (double) image[(ci * h + iy) * w + ix];
                }
              }
            }
          }
          assertThat(y[(o * ho + oy) * wo + ox]).as("output (%d, %d, %d)", o, oy, ox).isEqualTo((float) sum);
        }
      }
    }
  }

  @Test
  void averagePoolingCountsPaddingLikePyTorch() {
    float[] y = run(new Layer.AvgPool2d("p", IN, 2, 2, 1), ONE_TO_NINE, Map.of());
    assertThat(y).containsExactly(1 / 4f, (2 + 3) / 4f, (4 + 7) / 4f, (5 + 6 + 8 + 9) / 4f);
  }

  @Test
  void maxPoolingNeverPicksThePadding() {
    float[] negative = new float[9];
    for (int i = 0; i < 9; i++) {
      negative[i] = -ONE_TO_NINE[i];
    }
    assertThat(run(new Layer.MaxPool2d("p", IN, 2, 2, 1), ONE_TO_NINE, Map.of()))
        .containsExactly(1, 3, 7, 9);
    assertThat(run(new Layer.MaxPool2d("p", IN, 2, 2, 1), negative, Map.of()))
        .containsExactly(-1, -2, -4, -5);
  }

  @Test
  void batchNormUsesRunningStatisticsPerChannel() {
    TensorShape two = TensorShape.of(2);
    Layer bn = new Layer.BatchNorm2d("bn", IN, 2, 1.0, 0.1);
    Network net = TestNetworks.network(two, 2, List.of(bn), Map.of(
        "bn.weight", new float[] {2, 3}, "bn.bias", new float[] {1, -1},
        "bn.running_mean", new float[] {1, 2}, "bn.running_var", new float[] {3, 0}));
    // σ = sqrt(3 + 1) = 2 and sqrt(0 + 1) = 1
    assertThat(AnalogReference.forward(net, new float[] {5, 4, 1, 0}, 2).get("bn"))
        .containsExactly((5 - 1) / 2f * 2 + 1, (4 - 2) * 3 - 1, 1, (0 - 2) * 3 - 1);
  }

  @Test
  void linearReluAndAdd() {
    TensorShape two = TensorShape.of(2);
    Network net = TestNetworks.network(two, 2, List.of(
        new Layer.Linear("fc", IN, 2, 2, true),
        new Layer.Relu("relu", List.of("fc")),
        new Layer.Dropout("drop", List.of("relu"), 0.5),
        new Layer.Add("add", List.of("drop", "input"))), Map.of(
        "fc.weight", new float[] {1, 2, -1, 1}, "fc.bias", new float[] {0, -1}));
    Map<String, float[]> y = AnalogReference.forward(net, new float[] {3, 1}, 1);
    assertThat(y.get("fc")).containsExactly(5, -3);
    assertThat(y.get("relu")).containsExactly(5, 0);
    assertThat(y.get("drop")).containsExactly(5, 0);
    assertThat(y.get("add")).containsExactly(8, 1);
    assertThat(y.keySet()).containsExactly("fc", "relu", "drop", "add");
  }

  @Test
  void rateNormIsEquationSixAndIntegrateAndFireItsRateLimit() {
    TensorShape three = TensorShape.of(3);
    Network net = TestNetworks.network(three, 3, List.of(
        new Layer.RateNorm("rnl", IN, 0.1),
        new Layer.IntegrateAndFire("if", IN, false),
        new Layer.Add("sum", List.of("rnl", "if"))), Map.of(
        "rnl.p_logit", new float[] {0}, "rnl.running_max", new float[] {4},
        "if.threshold", new float[] {0.5f}));
    Map<String, float[]> y = AnalogReference.forward(net, new float[] {-1, 1, 3}, 1);
    // θ = sigmoid(0)·4 + 1e-6 = 2 + 1e-6
    assertThat(y.get("rnl")[0]).isEqualTo(0f);
    assertThat(y.get("rnl")[1]).isCloseTo(0.5f, within(1e-6f));
    assertThat(y.get("rnl")[2]).isEqualTo(1f);
    assertThat(y.get("if")).containsExactly(0, 1, 1);
  }

  @Test
  void quantizedRateNormRoundsToTheNearestOfItsLevelsWithinZeroAndOne() {
    TensorShape six = TensorShape.of(6);
    Network net = TestNetworks.network(six, 6, List.of(new Layer.RateNorm("rnl", IN, 0.1, 4)),
        Map.of("rnl.p_logit", new float[] {0}, "rnl.running_max", new float[] {4}));
    // θ = 2 (+1e-6), four levels: z/θ = −0.5, 0.1, 0.13, 0.3, 0.55, 1.5 → ×4 + 1/2, floored, /4
    float[] y = AnalogReference.forward(net, new float[] {-1, 0.2f, 0.26f, 0.6f, 1.1f, 3}, 1).get("rnl");
    assertThat(y).containsExactly(0, 0, 0.25f, 0.25f, 0.5f, 1);
  }

  @Test
  void perChannelThresholds() {
    TensorShape shape = TensorShape.of(2, 1, 2);
    Network net = TestNetworks.network(shape, 4, List.of(
        new Layer.IntegrateAndFire("if", IN, true), new Layer.Flatten("flat", List.of("if"))),
        Map.of("if.threshold", new float[] {2, 4}));
    assertThat(AnalogReference.forward(net, new float[] {1, 3, 1, 3}, 1).get("if"))
        .containsExactly(0.5f, 1, 0.25f, 0.75f);
  }

  @Test
  void imagesAreProcessedOneAfterAnother() {
    Network net = TestNetworks.cnn7(5);
    float[] two = TestNetworks.inputs(TensorShape.of(1, 28, 28), 2, -1, 1, 9);
    float[] second = java.util.Arrays.copyOfRange(two, 784, 1568);
    float[] both = AnalogReference.logits(net, two, 2);
    assertThat(java.util.Arrays.copyOfRange(both, 10, 20))
        .containsExactly(AnalogReference.logits(net, second, 1));
    assertThatThrownBy(() -> AnalogReference.forward(net, second, 2))
        .hasMessageContaining("expected 2 images of [1, 28, 28] = 1568 values, found 784");
  }
}
