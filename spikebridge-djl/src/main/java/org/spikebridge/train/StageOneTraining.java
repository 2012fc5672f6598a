package org.spikebridge.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spikebridge.data.Augmentation;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.files.HaltPoints;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.train.TrainableNetwork.ForwardPass;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Stage 1 of Algorithm 1 (lines 1–15), accuracy training: weights and biases learn with
 * cross-entropy while every Rate Norm Layer's p stays ≈ 1 and frozen and its running maximum
 * follows the batches. The same loop trains the ReLU twin that baseline conversions start from.
 *
 * <p>Each epoch ends with a checkpoint (see {@link TrainingDirectory}); a run resumed from it
 * draws the same batches and reaches the same numbers as one that was never interrupted: libtorch's
 * random generator (dropout masks) is reseeded from seed + epoch at the start of every epoch.
 */
public final class StageOneTraining {
  /** The {@link HaltPoints} point after each training batch. */
  public static final String BATCH = "train.batch";
  /** Images per evaluation batch: small enough that glibc keeps cnn7's activations in its heap. */
  private static final int EVALUATION_BATCH = 200;
  private final TrainingConfig config;
  private final ImageSet train;
  private final ImageSet validation;
  private final ImageSet test;
  private final Normalization normalization;
  private final TrainingDirectory directory;
  private final TrainingListener listener;
  private final DataParallel parallel;
  private final Loss loss = Loss.softmaxCrossEntropyLoss();

  /**
   * A run of {@code config} on the given splits, writing into {@code directory}.
   *
   * @param validation held-out part of the training split, used to pick the best epoch (may be empty)
   * @param test the test set, measured after every epoch and never used for a choice
   */
  public StageOneTraining(TrainingConfig config, ImageSet train, ImageSet validation, ImageSet test,
      Normalization normalization, TrainingDirectory directory, TrainingListener listener) {
    this(config, train, validation, test, normalization, directory, listener, DataParallel.cpu());
  }

  /** As above, training on the devices of {@code parallel} (the CPU, or one or more GPUs). */
  public StageOneTraining(TrainingConfig config, ImageSet train, ImageSet validation, ImageSet test,
      Normalization normalization, TrainingDirectory directory, TrainingListener listener,
      DataParallel parallel) {
    this.parallel = parallel;
    this.config = config;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.normalization = normalization;
    this.directory = directory;
    this.listener = listener;
  }

  /**
   * Trains from scratch ({@code resume} false) or from the directory's newest checkpoint (after a
   * kill, {@link TrainingDirectory#recover} brings the folder in line with it first), until
   * {@code config.epochs()}; returns the final state. {@code provenance} goes into every saved network.
   */
  public TrainingState run(Architecture architecture, Provenance provenance, boolean resume)
      throws IOException {
    if (resume) {
      TrainingState saved = directory.latestState();
      Network latest = directory.latestNetwork();
      Map<String, Tensor> optimizerState = directory.latestOptimizerState();
      return train(root -> TrainableNetwork.of(latest, root), saved, optimizerState, provenance);
    }
    return train(root -> TrainableNetwork.initialize(architecture, config.seed(), root), fresh(),
        Map.of(), provenance);
  }

  /**
   * The spikes per time step and image that the rates r̂_l of the Rate Norm Layers stand for, Σ_l
   * ‖r̂_l‖₁ averaged over the batch (each neuron fires r̂ times per step in the limit): a
   * one-element array, with gradient.
   */
  static NDArray expectedSpikesPerStep(List<NDArray> rates) {
    NDArray total = null;
    for (NDArray r : rates) {
      NDArray perImage = r.sum().div((float) r.getShape().get(0));
      total = total == null ? perImage : total.add(perImage);
    }
    if (total == null) {
      throw new IllegalArgumentException("the spike penalty needs Rate Norm Layers");
    }
    return total;
  }

  /** Trains starting from the weights of {@code initial} (fine-tuning), until {@code config.epochs()}. */
  public TrainingState fineTune(Network initial, Provenance provenance) throws IOException {
    return train(root -> TrainableNetwork.of(initial, root), fresh(), Map.of(), provenance);
  }

  private TrainingState fresh() {
    return new TrainingState(0, config, 0, Double.NEGATIVE_INFINITY, List.of());
  }

  private TrainingState train(Function<NDManager, TrainableNetwork> start, TrainingState initial,
      Map<String, Tensor> optimizerState, Provenance provenance) throws IOException {
    try (NDManager root = NDManager.newBaseManager(parallel.primary());
        Optimizer optimizer = config.newOptimizer();
        TrainableNetwork network = start.apply(root)) {
      optimizer.restore(optimizerState);
      TrainingState state = initial;
      while (state.epoch() < config.epochs()) {
        state = epoch(network, optimizer, state);
        directory.save(state, network.toNetwork(provenance), optimizer.state());
        listener.epochFinished(state.history().get(state.history().size() - 1));
      }
      return state;
    }
  }

  private TrainingState epoch(TrainableNetwork network, Optimizer optimizer, TrainingState state) {
    int epoch = state.epoch() + 1;
    // libtorch's generator (dropout) is not checkpointed: reseeding it per epoch makes resume exact
    Engine.getInstance().setRandomSeed((int) (config.seed() + epoch));
    BatchOptions options = BatchOptions.training(config.batchSize(), normalization,
        config.augment() ? Augmentation.cifar() : null, config.seed());
    int perEpoch = BatchIterator.numBatches(train.size(), config.batchSize(), false);
    listener.epochStarted(epoch, config.epochs(), perEpoch);
    LearningRateSchedule schedule = config.learningRateSchedule();
    Map<String, NDArray> trainable = network.trainableParameters();
    long iteration = (long) (epoch - 1) * perEpoch;
    double firstLr = schedule.at(iteration, perEpoch, config.epochs());
    double lossSum = 0;
    long correct = 0;
    long seen = 0;
    int batches = 0;
    long start = System.nanoTime();
    for (Batch batch : BatchIterator.epoch(train, options, epoch)) {
      double lr = schedule.at(iteration++, perEpoch, config.epochs());
      try (NDScope scope = new NDScope()) {
        NDArray x = Evaluation.images(network.manager(), batch);
        NDArray y = network.manager().create(batch.labels());
        NDArray logits;
        NDArray value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          trainable.values().forEach(w -> w.getGradient().subi(w.getGradient()));
          if (config.spikePenalty() > 0) {
            ForwardPass pass = parallel.forward(network, x, Mode.TRAIN);
            logits = pass.logits();
            value = loss.evaluate(new NDList(y), new NDList(logits)).add(
                expectedSpikesPerStep(pass.rates()).mul((float) (config.spikePenalty() / 1000)));
          } else {
            logits = parallel.logits(network, x, Mode.TRAIN);
            value = loss.evaluate(new NDList(y), new NDList(logits));
          }
          collector.backward(value);
        }
        float batchLoss = value.getFloat();
        if (!Float.isFinite(batchLoss)) {
          throw new IllegalStateException(nonFiniteLoss(batchLoss, epoch, batches + 1));
        }
        optimizer.step(trainable, lr);
        lossSum += batchLoss;
        correct += Evaluation.countCorrect(logits, batch.labels());
      }
      seen += batch.size();
      batches++;
      listener.batchFinished(lossSum / batches, 100.0 * correct / seen,
          seen / ((System.nanoTime() - start) / 1e9));
      HaltPoints.reached(BATCH);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double validationAccuracy = Evaluation.accuracy(network, validation, normalization, EVALUATION_BATCH);
    double testAccuracy = Evaluation.accuracy(network, test, normalization, EVALUATION_BATCH);
    EpochMetrics metrics = new EpochMetrics(epoch, firstLr, lossSum / batches, 100.0 * correct / seen,
        validationAccuracy, testAccuracy, seconds, seen / seconds);
    List<EpochMetrics> history = new ArrayList<>(state.history());
    history.add(metrics);
    boolean better = Double.isNaN(validationAccuracy) || validationAccuracy > state.bestValidationAccuracy();
    return new TrainingState(epoch, config, better ? epoch : state.bestEpoch(),
        better ? validationAccuracy : state.bestValidationAccuracy(), history);
  }

  /** Why training stopped at a loss that is not a number, and what to try. */
  static String nonFiniteLoss(float loss, int epoch, int batch) {
    return "the training loss is " + loss + " at epoch " + epoch + ", batch " + batch + ": training "
        + "stopped, the checkpoints of the epochs before are kept. Try a lower --lr; on a CPU with "
        + "AVX-512, libtorch's oneDNN convolution kernels were seen to give NaN for narrow ResNets "
        + "(--width below 1): set DNNL_MAX_CPU_ISA=AVX2 in the environment";
  }
}
