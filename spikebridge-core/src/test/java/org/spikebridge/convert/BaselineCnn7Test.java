package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/** The baselines on cnn7 with ReLU and seeded random weights, against naive references. */
class BaselineCnn7Test {
  private static final TensorShape MNIST = TensorShape.of(1, 28, 28);
  private static final List<String> RELU = List.of("relu1", "relu2", "relu3");
  private static final ConversionOptions BALANCING =
      new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL);

  private static Network relu(long seed) {
    return TestNetworks.random(TestNetworks.cnn7(Activation.RELU), seed);
  }

  private static CalibrationSet calibration(int n, long seed) {
    return new CalibrationSet(TestNetworks.inputs(MNIST, n, -1, 2, seed), n, 1, 28, 28);
  }

  /**
   * In each of {@code layers}, rate × λ reproduces every ReLU activation of the ANN that is ≤ λ
   * (up to float rounding, 1e-4), and the rate is 1 where the activation exceeds λ by more;
   * returns how many activations exceeded λ. Once a layer clips, the layers after it see other
   * inputs than the ANN's, so a clipping method can only be checked on its first layer this way.
   */
  private static long assertRatesTimesThresholdAreActivations(Network ann, SpikingNetwork snn,
      float[] images, int n) {
    return assertRatesTimesThresholdAreActivations(ann, snn, images, n, RELU);
  }

  private static long assertRatesTimesThresholdAreActivations(Network ann, SpikingNetwork snn,
      float[] images, int n, List<String> layers) {
    Map<String, float[]> a = AnalogReference.forward(ann, images, n);
    Map<String, float[]> r = AnalogReference.forward(snn.network(), images, n);
    long clipped = 0;
    for (String name : layers) {
      Layer.IntegrateAndFire l = (Layer.IntegrateAndFire) snn.network().architecture().layer(name);
      float[] theta = snn.thresholds(l);
      float[] act = a.get(l.name());
      float[] rate = r.get(l.name());
      int perImage = act.length / n;
      int per = perImage / theta.length;
      for (int k = 0; k < act.length; k++) {
        double lambda = theta[(k % perImage) / per];
        if (act[k] <= lambda + 1e-4) {
          assertThat(rate[k] * lambda).as(l.name() + "[" + k + "]").isCloseTo(act[k], within(1e-4));
        } else {
          assertThat(rate[k]).as(l.name() + "[" + k + "]").isEqualTo(1f);
          clipped++;
        }
      }
    }
    return clipped;
  }

  @Test
  void maxNormOnTheSameImagesReproducesActivationsAndLogits() {
    Network ann = relu(31);
    CalibrationSet cal = calibration(12, 32);
    SpikingNetwork snn = new MaxNormConversion().convert(ann, BALANCING.withCalibration(cal));
    assertThat(snn.network().architecture().layers())
        .extracting(l -> l.name() + ":" + l.getClass().getSimpleName())
        .containsExactly("conv1:Conv2d", "relu1:IntegrateAndFire", "avgpool1:AvgPool2d",
            "conv2:Conv2d", "relu2:IntegrateAndFire", "avgpool2:AvgPool2d", "conv3:Conv2d",
            "relu3:IntegrateAndFire", "avgpool3:AvgPool2d", "flatten1:Flatten", "fc1:Linear");
    assertThat(snn.network().provenance().settings())
        .containsEntry("conversion.foldedBatchNorm", "bn1,bn2,bn3")
        .containsEntry("conversion.calibrationImages", "12");
    // the thresholds are reached: some activation of each layer equals its λ
    Map<String, float[]> a = AnalogReference.forward(ann, cal.images(), cal.n());
    for (Layer.IntegrateAndFire l : snn.spikingLayers()) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : a.get(l.name())) {
        max = Math.max(max, v);
      }
      assertThat((double) snn.thresholds(l)[0]).as(l.name()).isCloseTo(max, within(1e-4 * max));
    }
    assertThat(assertRatesTimesThresholdAreActivations(ann, snn, cal.images(), cal.n())).isZero();
    float[] annLogits = AnalogReference.logits(ann, cal.images(), cal.n());
    float[] snnLogits = AnalogReference.logits(snn.network(), cal.images(), cal.n());
    assertThat(TestNetworks.maxAbsDiff(annLogits, snnLogits)).isLessThan(1e-4);

    // weight normalization: the same rates, so the same logits
    SpikingNetwork wn = new MaxNormConversion().convert(ann,
        new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.FAIL)
            .withCalibration(cal));
    assertThat(TestNetworks.maxAbsDiff(annLogits,
        AnalogReference.logits(wn.network(), cal.images(), cal.n()))).isLessThan(1e-4);
  }

  @Test
  void robustNormClipsOnlyAboveItsThresholds() {
    Network ann = relu(41);
    CalibrationSet cal = calibration(10, 42);
    SpikingNetwork snn = new RobustNormConversion().convert(ann,
        BALANCING.withCalibration(cal).withPercentile(99));
    float[] other = TestNetworks.inputs(MNIST, 4, -1, 2, 43);
    assertThat(assertRatesTimesThresholdAreActivations(ann, snn, other, 4, List.of("relu1")))
        .isPositive();
  }

  /** numpy.percentile(values, p), linear interpolation, on a sorted list. */
  private static double naivePercentile(List<Float> sorted, double p) {
    double rank = p / 100 * (sorted.size() - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (rank - lo) * (sorted.get(hi) - sorted.get(lo));
  }

  @Test
  void robustNormPercentileMatchesANaiveSortWithinTheHistogramResolution() {
    Network ann = relu(51);
    CalibrationSet cal = calibration(6, 52);
    Map<String, float[]> a = AnalogReference.forward(ann, cal.images(), cal.n());
    for (double p : new double[] {50, 90, 99.9, 100}) {
      SpikingNetwork snn = new RobustNormConversion().convert(ann,
          BALANCING.withCalibration(cal).withPercentile(p));
      Map<String, Float> direct =
          ActivationStatistics.percentile(ann, RELU, cal, p);
      for (String l : RELU) {
        List<Float> nonZero = new ArrayList<>();
        float max = 0;
        for (float v : a.get(l)) {
          if (v != 0) {
            nonZero.add(v);
            max = Math.max(max, v);
          }
        }
        assertThat(nonZero.size()).isLessThan(a.get(l).length); // zeros exist and are left out
        Collections.sort(nonZero);
        double expected = naivePercentile(nonZero, p);
        double resolution = max / ActivationStatistics.HISTOGRAM_BINS + 1e-6;
        float threshold = snn.network().parameter(l + ".threshold").data()[0];
        assertThat((double) threshold).as(l + " p" + p).isCloseTo(expected, within(resolution));
        assertThat((double) direct.get(l)).as(l + " p" + p).isCloseTo(expected, within(resolution));
      }
    }
  }

  @Test
  void channelNormThresholdsAreNaivePerChannelMaxima() {
    Network ann = relu(61);
    CalibrationSet cal = calibration(8, 62);
    SpikingNetwork snn = new ChannelNormConversion().convert(ann, BALANCING.withCalibration(cal));
    Map<String, float[]> a = AnalogReference.forward(ann, cal.images(), cal.n());
    Map<String, TensorShape> shapes = ann.architecture().outputShapes();
    for (Layer.IntegrateAndFire l : snn.spikingLayers()) {
      assertThat(l.perChannel()).isTrue();
      TensorShape s = shapes.get(l.name());
      int channels = s.dim(0);
      int plane = s.dim(1) * s.dim(2);
      float[] expected = new float[channels];
      java.util.Arrays.fill(expected, Float.NEGATIVE_INFINITY);
      float[] act = a.get(l.name());
      for (int i = 0; i < cal.n(); i++) {
        for (int c = 0; c < channels; c++) {
          for (int k = 0; k < plane; k++) {
            expected[c] = Math.max(expected[c], act[(i * channels + c) * plane + k]);
          }
        }
      }
      float[] theta = snn.thresholds(l);
      assertThat(theta).hasSize(channels);
      boolean differ = false;
      for (int c = 0; c < channels; c++) {
        if (expected[c] > 0) {
          assertThat((double) theta[c]).as(l.name() + " channel " + c)
              .isCloseTo(expected[c], within(1e-4 * expected[c]));
        }
        differ |= theta[c] != theta[0];
      }
      assertThat(differ).as(l.name() + " has distinct channel thresholds").isTrue();
    }
    assertThat(assertRatesTimesThresholdAreActivations(ann, snn, cal.images(), cal.n())).isZero();
    float[] annLogits = AnalogReference.logits(ann, cal.images(), cal.n());
    assertThat(TestNetworks.maxAbsDiff(annLogits,
        AnalogReference.logits(snn.network(), cal.images(), cal.n()))).isLessThan(1e-4);
    SpikingNetwork wn = new ChannelNormConversion().convert(ann,
        new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.FAIL)
            .withCalibration(cal));
    assertThat(TestNetworks.maxAbsDiff(annLogits,
        AnalogReference.logits(wn.network(), cal.images(), cal.n()))).isLessThan(1e-4);
  }

  @Test
  void statisticsDoNotDependOnTheChunking() {
    // 250 images: three chunks of at most 100, merged in any order
    Network ann = relu(71);
    CalibrationSet cal = calibration(250, 72);
    Map<String, Float> all = ActivationStatistics.layerMax(ann, RELU, cal);
    Map<String, Float> firstHalf = ActivationStatistics.layerMax(ann, RELU,
        new CalibrationSet(cal.slice(0, 125), 125, 1, 28, 28));
    Map<String, Float> secondHalf = ActivationStatistics.layerMax(ann, RELU,
        new CalibrationSet(cal.slice(125, 250), 125, 1, 28, 28));
    for (String l : RELU) {
      assertThat(all.get(l)).isEqualTo(Math.max(firstHalf.get(l), secondHalf.get(l)));
    }
  }
}
