package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.convert.ConversionMethods;
import org.spikebridge.convert.ConversionOptions;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.RealData;
import org.spikebridge.data.Datasets;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.data.TrainValidationSplit;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.Recording;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.train.LearningRateSchedule;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.TrainingConfig;
import org.spikebridge.train.TrainingDirectory;
import org.spikebridge.train.TrainingListener;

/**
 * Converted cnn7 networks: the two threshold forms give the same spike trains in the dense engine,
 * and a trained network's SNN reaches its ANN's classes at T = 1000. The long run uses the event
 * engine, which gives the dense engine's class at every step (EventEngineTest) at a sixth of its
 * time.
 */
class ConvertedNetworkTest {
  private static final Provenance PROVENANCE = new Provenance("random", 1, "test", Map.of(), Map.of());
  private static final DenseEngine ENGINE = new DenseEngine(Device.cpu());
  private static final EventEngine EVENT = new EventEngine(2);

  @TempDir
  Path dir;

  private static SimulationOptions constant(int steps) {
    return new SimulationOptions(steps, InputCoding.CONSTANT, InitialMembrane.ZERO, Readout.ACCUMULATE, 1);
  }

  /** A cnn7 with random weights whose running maxima come from one training pass over noise. */
  private static Network randomCnn7() {
    try (NDManager manager = NDManager.newBaseManager();
        org.spikebridge.train.TrainableNetwork net = org.spikebridge.train.TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), 3, manager)) {
      for (int i = 0; i < 30; i++) {
        net.forward(manager.randomNormal(new ai.djl.ndarray.types.Shape(32, 1, 28, 28)), true);
      }
      return net.toNetwork(PROVENANCE);
    }
  }

  private static Batch noise(int n, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return new Batch(x, new int[n], n, 1, 28, 28);
  }

  @Test
  void thresholdBalancingAndWeightNormalizationGiveTheSameSpikeTrains() {
    Network ann = randomCnn7();
    SpikingNetwork balancing = ConversionMethods.byName("rnl").convert(ann,
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL));
    SpikingNetwork normalized = ConversionMethods.byName("rnl").convert(ann,
        new ConversionOptions(ThresholdForm.WEIGHT_NORMALIZATION, MaxPoolPolicy.FAIL));
    Recording a = new Recording();
    Recording b = new Recording();
    Batch batch = noise(32, 4);
    ENGINE.simulate(balancing, batch, constant(64), a);
    ENGINE.simulate(normalized, batch, constant(64), b);
    long total = 0;
    long differing = 0;
    for (int t = 0; t < 64; t++) {
      StepRecord x = a.steps.get(t);
      StepRecord y = b.steps.get(t);
      assertThat(y.predictions()).isEqualTo(x.predictions());
      for (int l = 0; l < x.spikes().length; l++) {
        total += x.spikes()[l];
        differing += Math.abs(x.spikes()[l] - y.spikes()[l]);
      }
    }
    assertThat(total).isGreaterThan(10_000);
    // Equal up to float rounding of v/θ against v: at most one spike in 10,000 may move.
    assertThat((double) differing / total).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void aTrainedCnn7SnnAgreesWithItsAnnAtThousandSteps() throws IOException {
    RealData.fashionMnist();
    ImageSet train = Datasets.load(KnownDataset.FASHION_MNIST, Split.TRAIN, null);
    ImageSet test = Datasets.load(KnownDataset.FASHION_MNIST, Split.TEST, null)
        .subset(IntStream.range(0, 500).toArray());
    TrainValidationSplit split = TrainValidationSplit.of(train.subset(IntStream.range(0, 20_000).toArray()), 1000, 1);
    TrainingConfig config = new TrainingConfig("cnn7", "fashion-mnist", Activation.RATE_NORM, 1, 128,
        TrainingConfig.OptimizerKind.ADAM, 3e-3, 0.9, 0, LearningRateSchedule.Kind.COSINE, 1, 0.1,
        1000, 0, false, 1, 0);
    Normalization normalization = Normalization.of(KnownDataset.FASHION_MNIST);
    new StageOneTraining(config, split.train(), split.validation(), test, normalization,
        new TrainingDirectory(dir), new TrainingListener() {})
        .run(ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RATE_NORM), PROVENANCE, false);
    SpikingNetwork snn = ConversionMethods.byName("rnl").convert(new TrainingDirectory(dir).bestNetwork(),
        new ConversionOptions(ThresholdForm.THRESHOLD_BALANCING, MaxPoolPolicy.FAIL));
    int same = 0;
    int correct = 0;
    for (Batch batch : BatchIterator.epoch(test, BatchOptions.evaluation(250, normalization), 0)) {
      Recording rec = new Recording();
      EVENT.simulate(snn, batch, constant(1000), rec);
      int[] ann = rec.batches.get(0).annPredictions();
      int[] last = rec.steps.get(999).predictions();
      for (int i = 0; i < ann.length; i++) {
        same += ann[i] == last[i] ? 1 : 0;
        correct += last[i] == batch.labels()[i] ? 1 : 0;
      }
    }
    assertThat(same).as("images (of 500) whose SNN class at T = 1000 is the ANN's").isGreaterThanOrEqualTo(495);
    assertThat(correct).as("correct SNN predictions of 500 after one epoch").isGreaterThan(350);
  }
}
