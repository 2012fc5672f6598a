package org.spikebridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.data.ImageFiles;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Normalization;
import org.spikebridge.metrics.SimulationMetrics;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.simulate.event.EventEngine;

/**
 * Classifies images with a converted spiking network, the library's entry point for the common
 * path: load the folder {@code spikebridge convert} wrote, classify images on the event-driven
 * engine (plain Java, no native code, all cores) for T time steps, optionally with an early exit,
 * and, for labelled images, read the metrics of every step t = 1..T.
 *
 * <p>It simulates as {@code spikebridge simulate --engine event} does by default: constant input
 * current (the paper's coding), the accumulated output current as readout, and the v(0) and reset
 * the network was made for ({@link InitialMembrane#trainedFor}, {@link ResetMode#trainedFor});
 * same network, images and options give the same classes.
 *
 * <pre>{@code
 * SpikingClassifier classifier = SpikingClassifier.load(Path.of("snn"))
 *     .withTimesteps(64)
 *     .withEarlyExit(EarlyExit.exact());
 * float[] input = classifier.input(Path.of("seven.png")); // normalized as in training
 * int predicted = classifier.classify(input);
 *
 * SimulationMetrics m = classifier.evaluate(inputs, labels);  // float[][] inputs, int[] labels
 * double accuracyAt32 = m.accuracyAt(32);                     // percent
 * double[] spikes = m.totalSpikesPerImage();                  // per step t = 1..T
 * }</pre>
 *
 * <p>Immutable; the {@code with…} methods return a new classifier on the same engine. Calls may
 * come from one thread at a time (the engine runs each batch on all cores itself).
 */
public final class SpikingClassifier {
  /** T when not told otherwise: that of {@code spikebridge simulate}. */
  public static final int DEFAULT_TIMESTEPS = 256;
  /** Images simulated together, as {@code spikebridge simulate}'s default batch. */
  private static final int BATCH_SIZE = 256;

  private final SpikingNetwork snn;
  private final SimulationOptions options;
  private final EventEngine engine;

  private SpikingClassifier(SpikingNetwork snn, SimulationOptions options, EventEngine engine) {
    this.snn = snn;
    this.options = options;
    this.engine = engine;
  }

  /**
   * The spiking network in {@code folder}, as {@code spikebridge convert} writes it, with
   * {@link #DEFAULT_TIMESTEPS} steps and no early exit; a
   * {@link org.spikebridge.files.FileFormatException} naming the file when it is not one.
   */
  public static SpikingClassifier load(Path folder) throws IOException {
    return of(SpikingNetwork.load(folder));
  }

  /** A classifier of {@code snn} with {@link #DEFAULT_TIMESTEPS} steps and no early exit. */
  public static SpikingClassifier of(SpikingNetwork snn) {
    return new SpikingClassifier(snn, new SimulationOptions(DEFAULT_TIMESTEPS, InputCoding.CONSTANT,
        InitialMembrane.trainedFor(snn), Readout.ACCUMULATE, 1, EarlyExit.NONE,
        ResetMode.trainedFor(snn)), new EventEngine());
  }

  /** The same classifier simulating {@code timesteps} steps (T &gt; 0). */
  public SpikingClassifier withTimesteps(int timesteps) {
    return new SpikingClassifier(snn, options.withTimesteps(timesteps), engine);
  }

  /**
   * The same classifier letting each image stop once {@code rule} allows it; with
   * {@link EarlyExit#exact()} the classes are those at T, in fewer steps.
   */
  public SpikingClassifier withEarlyExit(EarlyExit rule) {
    return new SpikingClassifier(snn, options.withEarlyExit(rule), engine);
  }

  /**
   * The same classifier with the reset {@code mode}: {@link ResetMode#ZERO} shows what a reader
   * of the exported NIR file that resets to v_reset = 0 computes.
   */
  public SpikingClassifier withReset(ResetMode mode) {
    return new SpikingClassifier(snn, options.withReset(mode), engine);
  }

  /**
   * The same classifier reading the output out as {@code readout} says: {@link Readout#SPIKE_COUNT}
   * counts the spikes of integrate-and-fire output neurons, which suits a network converted with
   * {@code --output-percentile} (and its exact early exit stops sooner than on accumulated current).
   */
  public SpikingClassifier withReadout(Readout readout) {
    return new SpikingClassifier(snn, options.withReadout(readout), engine);
  }

  /** The network simulated. */
  public SpikingNetwork network() {
    return snn;
  }

  /** How each image is simulated. */
  public SimulationOptions options() {
    return options;
  }

  /** The shape [C, H, W] of one input. */
  public TensorShape inputShape() {
    return snn.network().architecture().inputShape();
  }

  /**
   * The input normalization the network was trained with, as {@code spikebridge simulate} finds
   * it: the one its provenance records, else the published statistics of the known dataset its
   * provenance names (a network trained on {@code fashion-mnist} records only that name); else
   * pixels are only scaled to [0, 1].
   */
  public Normalization normalization() {
    Provenance provenance = snn.network().provenance();
    int channels = inputShape().dim(0);
    return Normalization.recorded(provenance.settings())
        .or(() -> KnownDataset.find(provenance.dataset()).filter(d -> d.channels() == channels)
            .map(Normalization::of))
        .orElseGet(() -> Normalization.none(channels));
  }

  /**
   * The input of an image given as pixel bytes 0–255 in C×H×W order (channel planes one after
   * another), normalized with {@link #normalization()}.
   */
  public float[] input(byte[] pixels) {
    int plane = inputShape().dim(1) * inputShape().dim(2);
    checkLength("pixels", pixels.length);
    Normalization normalization = normalization();
    float[] input = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      input[i] = normalization.apply(i / plane, Byte.toUnsignedInt(pixels[i]));
    }
    return input;
  }

  /**
   * The input of the PNG, JPEG or BMP image in {@code file}, of the network's height and width
   * ({@link ImageFiles#pixels}: grey for one channel, RGB for three), normalized with
   * {@link #normalization()}; a {@link org.spikebridge.data.DatasetFormatException} naming the file
   * when it is no such image.
   */
  public float[] input(Path file) throws IOException {
    return input(ImageFiles.pixels(file, inputShape()));
  }

  /** The class of one input (C×H×W floats, as {@link #input} makes them). */
  public int classify(float[] input) {
    return classify(new float[][] {input})[0];
  }

  /**
   * The class of each input (C×H×W floats each, as {@link #input} makes them). Only the spiking
   * network runs: the ANN's analog pass, which {@link #evaluate} needs for K, Ω and agreement, is
   * skipped.
   */
  public int[] classify(float[][] inputs) {
    FinalClasses classes = new FinalClasses(inputs.length, options.timesteps());
    simulate(inputs, new int[inputs.length], classes);
    return classes.classes;
  }

  /**
   * Simulates labelled inputs and returns the metrics of every step t = 1..T: accuracy(t)
   * ({@link SimulationMetrics#accuracyAt}), spikes per image and layer, the K curves, and under an
   * early exit the steps the images ran ({@link SimulationMetrics#meanSteps}).
   */
  public SimulationMetrics evaluate(float[][] inputs, int[] labels) {
    if (labels.length != inputs.length) {
      throw new IllegalArgumentException("expected one label per input (" + inputs.length
          + "), found " + labels.length);
    }
    SimulationRecorder recorder = new SimulationRecorder(
        snn.spikingLayers().stream().map(Layer::name).toList(), options.timesteps());
    simulate(inputs, labels, recorder);
    return recorder.result();
  }

  /** Runs the inputs through the engine in batches of at most {@link #BATCH_SIZE}. */
  private void simulate(float[][] inputs, int[] labels, StepObserver observer) {
    if (inputs.length == 0) {
      throw new IllegalArgumentException("expected at least one input, found none");
    }
    TensorShape shape = inputShape();
    int size = Math.toIntExact(shape.size());
    for (int from = 0; from < inputs.length; from += BATCH_SIZE) {
      int n = Math.min(BATCH_SIZE, inputs.length - from);
      float[] images = new float[n * size];
      for (int i = 0; i < n; i++) {
        checkLength("input " + (from + i), inputs[from + i].length);
        System.arraycopy(inputs[from + i], 0, images, i * size, size);
      }
      Batch batch = new Batch(images, Arrays.copyOfRange(labels, from, from + n), n, shape.dim(0),
          shape.dim(1), shape.dim(2));
      engine.simulate(snn, batch, options, observer);
    }
  }

  private void checkLength(String what, int length) {
    if (length != inputShape().size()) {
      throw new IllegalArgumentException(what + ": expected " + inputShape().size() + " values ("
          + inputShape() + "), found " + length);
    }
  }

  /** Keeps each image's class at step T, batch after batch. */
  private static final class FinalClasses implements StepObserver {
    private final int[] classes;
    private final int timesteps;
    private int offset;
    private int batchSize;

    FinalClasses(int images, int timesteps) {
      this.classes = new int[images];
      this.timesteps = timesteps;
    }

    /** Only the classes are read: the engine may skip the ANN's analog pass. */
    @Override
    public boolean wantsReference() {
      return false;
    }

    @Override
    public void batchStarted(BatchReference reference) {
      offset += batchSize;
      batchSize = reference.labels().length;
    }

    @Override
    public void stepFinished(StepRecord record) {
      if (record.t() == timesteps) {
        System.arraycopy(record.predictions(), 0, classes, offset, batchSize);
      }
    }
  }
}
