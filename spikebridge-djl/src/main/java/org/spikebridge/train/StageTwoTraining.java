package org.spikebridge.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spikebridge.data.Batch;
import org.spikebridge.data.BatchIterator;
import org.spikebridge.data.BatchOptions;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.Normalization;
import org.spikebridge.files.HaltPoints;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.train.TrainableNetwork.ForwardPass;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Stage 2 of Algorithm 1 (lines 16–35), fast-inference training: starting from a stage-1 network,
 * only the threshold scales p′ of the Rate Norm Layers learn, with Adam, to minimize Eq. 13,
 * 1 − cos(r̂*_L, r̂′_L) + λ·mean Ω (see {@link RateInferenceLoss}).
 *
 * <p>Our defaults, where the paper and the authors' code leave a choice: p′ shared by the layers unless asked otherwise and
 * started at {@code init} (3), not at stage 1's saturated 10; r̂*_L is the output of a frozen copy of
 * the stage-1 network; weights, BatchNorm statistics and running maxima are locked (BatchNorm in
 * eval mode, {@link Mode#TUNE_SCALE}). At iteration 0, every {@code evalEvery} iterations and at the
 * end the run measures validation accuracy and mean Ω over the validation set; a measurement whose
 * accuracy is at least stage 1's minus the tolerance is saved as a candidate, and the candidate
 * with the lowest mean Ω is picked. If none meets the tolerance, the most accurate measurement is
 * saved and picked, marked as outside the tolerance. The folder layout is {@link TuneDirectory}'s.
 *
 * <p>A network with quantized Rate Norm Layers (beyond the paper, {@code train --levels}) starts
 * from stage 1's own p′ (p = 1/2), with Eq. 6's scaling: its levels were fitted to them.
 *
 * <p>Mean Ω over the validation set: Eq. 13's mean Ω computed on evaluation batches of
 * {@value #EVALUATION_BATCH} images (Ω grows with the number of elements, so the batch size is
 * fixed) and averaged over the batches weighted by their size.
 */
public final class StageTwoTraining {
  /** The {@link HaltPoints} point after a measurement and its progress.json are written. */
  public static final String MEASURED = "tune.measurement";
  /** Images per evaluation batch; Ω is measured on batches of this size. */
  public static final int EVALUATION_BATCH = 200;
  private final StageTwoConfig config;
  private final ImageSet train;
  private final ImageSet validation;
  private final Normalization normalization;
  private final TuneDirectory directory;
  private final StageTwoListener listener;
  private final DataParallel parallel;

  /**
   * A stage-2 run of {@code config} writing into {@code out}.
   *
   * @param train the images to tune on (stage 1's training split)
   * @param validation held-out images to choose candidates on (must not be empty)
   */
  public StageTwoTraining(StageTwoConfig config, ImageSet train, ImageSet validation,
      Normalization normalization, Path out, StageTwoListener listener) {
    this(config, train, validation, normalization, out, listener, DataParallel.cpu());
  }

  /** As above, tuning on the devices of {@code parallel} (the CPU, or one or more GPUs). */
  public StageTwoTraining(StageTwoConfig config, ImageSet train, ImageSet validation,
      Normalization normalization, Path out, StageTwoListener listener, DataParallel parallel) {
    this.parallel = parallel;
    if (validation.size() == 0) {
      throw new IllegalArgumentException("stage 2 needs a validation split to choose candidates on "
          + "(give a validation size > 0)");
    }
    this.config = config;
    this.train = train;
    this.validation = validation;
    this.normalization = normalization;
    this.directory = new TuneDirectory(out);
    this.listener = listener;
  }

  /**
   * One validation measurement.
   *
   * @param iteration batches trained before it (0: p′ = init, untrained)
   * @param lambda λ
   * @param p the threshold scales p = sigmoid(p′), one per distinct p′
   * @param validationAccuracy in percent
   * @param meanOmega mean Ω over the validation set
   * @param withinTolerance whether validationAccuracy ≥ stage 1's − tolerance
   * @param folder the saved candidate folder relative to the run folder, or null if not saved
   */
  public record Measurement(long iteration, double lambda, List<Double> p, double validationAccuracy,
      double meanOmega, boolean withinTolerance, String folder) {
    /** Copies the list. */
    public Measurement {
      p = List.copyOf(p);
    }

    Measurement savedAs(String savedFolder) {
      return new Measurement(iteration, lambda, p, validationAccuracy, meanOmega, withinTolerance,
          savedFolder);
    }
  }

  /**
   * What a run found.
   *
   * @param stageOneValidationAccuracy the stage-1 network's validation accuracy (its own p′)
   * @param stageOneMeanOmega the stage-1 network's mean Ω over the validation set
   * @param measurements every measurement, in order
   * @param candidates the saved ones
   * @param pick the chosen candidate (lowest mean Ω within tolerance, else the most accurate)
   */
  public record Result(double stageOneValidationAccuracy, double stageOneMeanOmega,
      List<Measurement> measurements, List<Measurement> candidates, Measurement pick) {
    /** Whether the pick meets the accuracy tolerance. */
    public boolean pickWithinTolerance() {
      return pick.withinTolerance();
    }
  }

  /**
   * Tunes the threshold scales of {@code stageOne}. {@code stageOneProvenance} (dataset, seed,
   * command, versions, settings) goes into every saved candidate with the stage-2 settings added.
   */
  public Result run(Network stageOne, Provenance stageOneProvenance) throws IOException {
    return tune(stageOne, stageOneProvenance, null);
  }

  /**
   * As {@link #run}, continuing a killed run from its latest measurement (see
   * {@link TuneDirectory#recover}) to the numbers an uninterrupted run reaches; a finished run's
   * result is read back, and a run that measured nothing starts over. {@code stageOne} and the
   * settings must be the killed run's.
   */
  public Result resume(Network stageOne, Provenance stageOneProvenance) throws IOException {
    Optional<TuneProgress> saved = directory.recover();
    if (saved.isPresent() && saved.get().finished()) {
      TuneProgress p = saved.get();
      return new Result(p.stageOneValidationAccuracy(), p.stageOneMeanOmega(), p.measurements(),
          p.candidates(), best(p.candidates()));
    }
    return tune(stageOne, stageOneProvenance, saved.orElse(null));
  }

  /**
   * The network stage 2 starts from: {@code stageOne} with every p′ at the configured start, or a
   * quantized network as it is; an {@link IllegalArgumentException} naming the layer when this
   * configuration cannot tune {@code stageOne} (no Rate Norm Layer; a quantized network with a
   * start or with clip-only scaling; clip-only scaling where p cannot be folded into a reader).
   */
  public Network start(Network stageOne) {
    List<Layer.RateNorm> quantized = stageOne.architecture().quantizedRateNormLayers();
    Network start = quantized.isEmpty()
        ? withScaleLogit(stageOne, config.init().orElse(StageTwoConfig.DEFAULT_INIT))
        : checkedQuantizedStart(stageOne, quantized);
    if (config.scaling() == ThresholdScaling.CLIP_ONLY) {
      ClipOnlyScale.check(start.architecture());
    }
    return start;
  }

  private Result tune(Network stageOne, Provenance stageOneProvenance, TuneProgress saved)
      throws IOException {
    Engine.getInstance().setRandomSeed((int) config.seed());
    List<Layer.RateNorm> quantized = stageOne.architecture().quantizedRateNormLayers();
    Network start = start(stageOne);
    Map<String, String> startSettings = new LinkedHashMap<>(stageOneProvenance.settings());
    startSettings.put("init", config.init().isPresent() ? Double.toString(config.init().getAsDouble())
        : quantized.isEmpty() ? Double.toString(StageTwoConfig.DEFAULT_INIT) : "stage 1");
    Provenance provenance = new Provenance(stageOneProvenance.dataset(), stageOneProvenance.seed(),
        stageOneProvenance.command(), stageOneProvenance.versions(), startSettings);
    try (NDManager root = NDManager.newBaseManager(parallel.primary());
        TrainableNetwork frozen = TrainableNetwork.of(stageOne, root);
        TrainableNetwork network = TrainableNetwork.of(start, root, config.sharing(), config.scaling());
        Optimizer optimizer = new Adam(0)) {
      frozen.freeze();
      Session session = new Session(frozen, network, optimizer, provenance);
      if (saved == null) {
        session.start();
      } else {
        session.restore(saved);
      }
      session.train();
      return session.finish();
    }
  }

  /**
   * One run's measurements and training state; after {@link #restore} it skips the batches and
   * measurements the progress already holds.
   */
  private final class Session {
    private final TrainableNetwork frozen;
    private final TrainableNetwork network;
    private final Map<String, NDArray> scales;
    private final Optimizer optimizer;
    private final Provenance provenance;
    private final RateInferenceLoss loss = new RateInferenceLoss(config.lambda());
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<Measurement> candidates = new ArrayList<>();
    private double[] reference;
    private Measurement mostAccurate;
    private Map<String, TuneProgress.StoredTensor> mostAccurateScales;
    /** The iteration of the latest measurement the progress holds; −1 for a new run. */
    private long measuredAt = -1;

    Session(TrainableNetwork frozen, TrainableNetwork network, Optimizer optimizer,
        Provenance provenance) {
      this.frozen = frozen;
      this.network = network;
      this.scales = network.trainThresholdScalesOnly();
      this.optimizer = optimizer;
      this.provenance = provenance;
    }

    /** A new run: measures the stage-1 network, the reference. */
    void start() {
      reference = measure(frozen);
    }

    /** Continues from {@code saved}: its p′, optimizer state and measurements. */
    void restore(TuneProgress saved) {
      reference = new double[] {saved.stageOneValidationAccuracy(), saved.stageOneMeanOmega()};
      loadScales(saved.scales());
      Map<String, Tensor> state = new LinkedHashMap<>();
      saved.optimizer().forEach((name, t) -> state.put(name, t.tensor()));
      optimizer.restore(state);
      measurements.addAll(saved.measurements());
      candidates.addAll(saved.candidates());
      mostAccurate = saved.mostAccurate();
      mostAccurateScales = saved.mostAccurateScales();
      measuredAt = saved.iteration();
    }

    /** Every epoch, measuring at iteration 0, every {@code evalEvery} iterations and at the end. */
    void train() throws IOException {
      int perEpoch = BatchIterator.numBatches(train.size(), config.batchSize(), false);
      long iteration = 0;
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        if (iteration + perEpoch <= measuredAt) {
          iteration += perEpoch;
          continue;
        }
        listener.epochStarted(epoch, config.epochs(), perEpoch);
        BatchOptions options = BatchOptions.training(config.batchSize(), normalization, null,
            config.seed());
        double lossSum = 0;
        double omegaSum = 0;
        int batches = 0;
        long seen = 0;
        long startTime = System.nanoTime();
        for (Batch batch : BatchIterator.epoch(train, options, epoch)) {
          if (iteration >= measuredAt) {
            if (iteration % config.evalEvery() == 0 && iteration > measuredAt) {
              measureAndRecord(iteration);
            }
            float[] terms = step(batch);
            lossSum += terms[0];
            omegaSum += terms[1];
            batches++;
            seen += batch.size();
            listener.batchFinished(lossSum / batches, omegaSum / batches,
                seen / ((System.nanoTime() - startTime) / 1e9));
          }
          iteration++;
        }
      }
      // the final state: measured after the last batch (earlier measurements precede their batch)
      if (iteration > measuredAt) {
        measureAndRecord(iteration);
      }
    }

    /** One batch of Eq. 13 on the threshold scales; {loss, mean Ω} of the batch. */
    private float[] step(Batch batch) {
      try (NDScope scope = new NDScope()) {
        NDArray x = Evaluation.images(network.manager(), batch);
        NDArray target = parallel.logits(frozen, x, Mode.EVAL).stopGradient();
        RateInferenceLoss.Terms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scales.values().forEach(s -> s.getGradient().subi(s.getGradient()));
          ForwardPass pass = parallel.forward(network, x, Mode.TUNE_SCALE);
          terms = loss.evaluate(target, pass.logits(), pass.rates());
          collector.backward(terms.loss());
        }
        optimizer.step(scales, config.learningRate());
        return new float[] {terms.loss().getFloat(), terms.meanOmega().getFloat()};
      }
    }

    /**
     * Measures after {@code iteration} batches, saves a candidate within the tolerance, rewrites
     * the tables, best.json and progress.json.
     */
    private void measureAndRecord(long iteration) throws IOException {
      Measurement m = measurement(iteration);
      if (mostAccurate == null || m.validationAccuracy() > mostAccurate.validationAccuracy()) {
        mostAccurate = m;
        mostAccurateScales = storedScales();
      }
      Measurement saved = m;
      if (m.withinTolerance()) {
        saved = m.savedAs(directory.saveCandidate(m, network.toNetwork(provenance(m))));
        candidates.add(saved);
      }
      measurements.add(saved);
      directory.writeTables(candidates, measurements);
      if (!candidates.isEmpty()) {
        directory.writePick(pick(best(candidates)));
      }
      listener.measured(saved);
      directory.writeProgress(progress(iteration, false));
      HaltPoints.reached(MEASURED);
    }

    /**
     * The pick: the candidate with the lowest mean Ω; without one within the tolerance, the most
     * accurate measurement, saved now.
     */
    Result finish() throws IOException {
      if (candidates.isEmpty()) {
        loadScales(mostAccurateScales);
        String folder = directory.saveCandidate(mostAccurate, network.toNetwork(provenance(mostAccurate)));
        Measurement saved = mostAccurate.savedAs(folder);
        candidates.add(saved);
        measurements.replaceAll(m -> m.equals(mostAccurate) ? saved : m);
        directory.writeTables(candidates, measurements);
      }
      Measurement pick = best(candidates);
      directory.writePick(pick(pick));
      directory.writeProgress(progress(measurements.get(measurements.size() - 1).iteration(), true));
      return new Result(reference[0], reference[1], List.copyOf(measurements),
          List.copyOf(candidates), pick);
    }

    private Measurement measurement(long iteration) {
      double[] m = measure(network);
      List<Double> p = new ArrayList<>();
      for (NDArray s : scales.values()) {
        p.add(Layer.RateNorm.scale(s.toFloatArray()[0]));
      }
      return new Measurement(iteration, config.lambda(), p, m[0], m[1],
          m[0] >= reference[0] - config.accuracyTolerance(), null);
    }

    private TuneProgress progress(long iteration, boolean finished) {
      Map<String, TuneProgress.StoredTensor> state = new LinkedHashMap<>();
      optimizer.state().forEach((name, t) -> state.put(name, TuneProgress.StoredTensor.of(t)));
      return new TuneProgress(iteration, finished, reference[0], reference[1], storedScales(), state,
          measurements, candidates, candidates.isEmpty() ? null : pick(best(candidates)),
          mostAccurate, mostAccurateScales);
    }

    private Map<String, TuneProgress.StoredTensor> storedScales() {
      Map<String, TuneProgress.StoredTensor> stored = new LinkedHashMap<>();
      scales.forEach((name, array) -> stored.put(name, TuneProgress.StoredTensor.of(array)));
      return stored;
    }

    private void loadScales(Map<String, TuneProgress.StoredTensor> stored) {
      scales.forEach((name, array) -> array.set(stored.get(name).data()));
    }

    private TuneDirectory.Pick pick(Measurement pick) {
      return new TuneDirectory.Pick(pick.folder(), pick.iteration(), pick.lambda(), pick.p(),
          pick.validationAccuracy(), pick.meanOmega(), pick.withinTolerance(), reference[0],
          config.accuracyTolerance());
    }

    /** The provenance of a candidate measured as {@code m}. */
    private Provenance provenance(Measurement m) {
      return StageTwoTraining.this.provenance(provenance, m, reference[0]);
    }
  }

  /** Lowest mean Ω; ties go to the more accurate, then the earlier. */
  static Measurement best(List<Measurement> candidates) {
    return candidates.stream().min(Comparator.comparingDouble(Measurement::meanOmega)
        .thenComparing(Comparator.comparingDouble(Measurement::validationAccuracy).reversed())
        .thenComparingLong(Measurement::iteration)).orElseThrow();
  }




  /** {validation accuracy in percent, mean Ω} of {@code network} in inference mode. */
  private double[] measure(TrainableNetwork network) {
    long correct = 0;
    double omega = 0;
    BatchOptions options = BatchOptions.evaluation(EVALUATION_BATCH, normalization);
    for (Batch batch : BatchIterator.epoch(validation, options, 0)) {
      try (NDScope scope = new NDScope()) {
        ForwardPass pass = network.forward(Evaluation.images(network.manager(), batch), Mode.EVAL);
        correct += Evaluation.countCorrect(pass.logits(), batch.labels());
        omega += RateInferenceLoss.meanOmega(pass.rates(), pass.logits()).getFloat() * batch.size();
      }
    }
    return new double[] {100.0 * correct / validation.size(), omega / validation.size()};
  }

  private Provenance provenance(Provenance base, Measurement m, double stageOne) {
    Map<String, String> settings = new LinkedHashMap<>(base.settings());
    settings.put("stage", "2");
    settings.put("lambda", Double.toString(config.lambda()));
    settings.put("lr", Double.toString(config.learningRate()));
    settings.put("optimizer", "adam");
    settings.put("stage2Epochs", Integer.toString(config.epochs()));
    settings.put("stage2BatchSize", Integer.toString(config.batchSize()));
    settings.put("accTolerance", Double.toString(config.accuracyTolerance()));
    settings.put("evalEvery", Integer.toString(config.evalEvery()));
    settings.put("sharing", config.sharing().name().toLowerCase(java.util.Locale.ROOT));
    settings.put("thresholdScaling", config.scaling().name().toLowerCase(java.util.Locale.ROOT));
    settings.put("stage2Seed", Long.toString(config.seed()));
    settings.put("iteration", Long.toString(m.iteration()));
    settings.put("validationAccuracy", Double.toString(m.validationAccuracy()));
    settings.put("meanOmega", Double.toString(m.meanOmega()));
    settings.put("withinTolerance", Boolean.toString(m.withinTolerance()));
    settings.put("stage1ValidationAccuracy", Double.toString(stageOne));
    return new Provenance(base.dataset(), base.seed(), base.command(), base.versions(), settings);
  }

  /**
   * A quantized network starts from its own p′: its levels were fitted to the threshold they were
   * trained with, so neither a new start nor clip-only scaling (a different network from the one
   * trained) keeps that fit. Shared, its layers' p′ must be equal (as stage 1 leaves them).
   */
  private Network checkedQuantizedStart(Network stageOne, List<Layer.RateNorm> quantized) {
    Layer.RateNorm first = quantized.get(0);
    String what = "Rate Norm layer '" + first.name() + "' is quantized to " + first.levels()
        + " levels, whose threshold was trained with them: ";
    if (config.init().isPresent()) {
      throw new IllegalArgumentException(what + "stage 2 starts from its own p′, and --init would "
          + "move it away from the levels' fit; drop --init");
    }
    if (config.scaling() == ThresholdScaling.CLIP_ONLY) {
      throw new IllegalArgumentException(what + "clip-only scaling would pass on p·r̂ instead of r̂ "
          + "(measured on cnn7: 89 % down to 37 % before any tuning); drop --clip-only");
    }
    return stageOne;
  }

  /** {@code network} with every Rate Norm Layer's p′ set to {@code value}. */
  static Network withScaleLogit(Network network, double value) {
    Map<String, Tensor> values = new LinkedHashMap<>(network.parameters());
    boolean any = false;
    for (var e : values.entrySet()) {
      if (e.getKey().endsWith("." + Layer.RateNorm.P_LOGIT)) {
        float[] data = new float[e.getValue().data().length];
        java.util.Arrays.fill(data, (float) value);
        e.setValue(new Tensor(e.getValue().shape(), data));
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException("network '" + network.architecture().name() + "' has no "
          + "Rate Norm Layer: there is no threshold scale to tune (train it with --activation rnl)");
    }
    return new Network(network.architecture(), values, network.provenance());
  }
}
