package org.spikebridge.simulate.event;

import java.util.Arrays;
import java.util.List;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Layer;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationOptions;

/**
 * One image's simulation state in a worker's {@link ImageGroup}, allocated once per batch and
 * reused for the worker's next images: per layer the membrane potentials, the constant drive
 * (bias, plus the input's current under constant coding), the rate limits r̂ and the spike counts,
 * all channels-last; per spiking max pool its winners. The group drives a block of steps layer by
 * layer, each layer over the whole block: the spikes of every step of the block are kept per layer
 * (and per max pool, and for Poisson input) until the next layers have read them. Nothing is
 * allocated per time step.
 *
 * <p>K_l(t) (Eq. 7) is kept incrementally: ‖c/t − r̂‖² = Σc²/t² − 2Σc·r̂/t + Σr̂², where a spike of
 * neuron i raises Σc² by 2c_i − 1 (c_i counted after the spike) and Σc·r̂ by r̂_i; the cost is
 * per spike, not per neuron.
 *
 * <p>Under {@link org.spikebridge.simulate.ResetMode#SIGNED} a layer's spikes of a step are two
 * lists, those fired and those taken back; the taken-back ones go through the negated synapses and
 * lower the counts.
 */
final class ImageRun {
  private final SimulationOptions options;
  private final Batch batch;
  private final PoissonSpikes poisson;
  private final BatchOutcome outcome;
  private final int[] inputOrder;
  private final List<NeuronLayer> layers;
  private final NeuronLayer output;

  private final float[] image;
  /** Per step of the block, the input's spikes (Poisson coding only) and their number. */
  private final int[][] inputSpikes;
  private final int[] inputCount;
  private final float[][] membrane;
  /** Per layer, its neurons if its current is constant (constant coding, input alone), else null. */
  private final ConstantCurrentNeurons[] constant;
  private final float[][] drive;
  private final float[][] rateLimit;
  private final int[][] counts;
  /** Per layer and step of the block, its spikes and their number. */
  private final int[][][] spikes;
  private final int[][] spikeCount;
  /** Per target (the output last) and projection, its negated synapses; null unless spikes are signed. */
  private final Synapses[][] negated;
  /** Per layer and step of the block, the spikes it took back and their number (signed spikes only). */
  private final int[][][] withdrawn;
  private final int[][] withdrawnCount;
  private final int[] tally = new int[2];
  /** Per layer, the spiking max pools that gate its spikes. */
  private final SpikingMaxPool[][] maxPoolsOf;
  /** Per max pool, each window's winner, the spikes it passes on per step of the block, and its scratch. */
  private final int[][] winner;
  private final int[][][] gated;
  private final int[][] gatedCount;
  private final int[][] maxPoolScratch;
  /** Per layer (the output last) and projection, the scratch of its synapses. */
  private final int[][][] scratch;
  private final double[] rateNorm;
  private final long[] countNorm;
  private final double[] countDotRate;

  private final float[] outputDrive;
  private final float[] outputCurrent;
  private final float[] accumulated;
  private final float[] outputMembrane;
  private final int[] outputSpikes;

  private final long[][] stepSpikes;
  private long synapticOperations;
  /** The image being simulated, its index in the batch. */
  private int i;

  /** The state of one image for blocks of up to {@code block} steps. */
  ImageRun(EventNetwork network, SimulationOptions options, Batch batch, PoissonSpikes poisson,
      BatchOutcome outcome, int block, Synapses[][] negated) {
    this.options = options;
    this.batch = batch;
    this.poisson = poisson;
    this.outcome = outcome;
    this.inputOrder = network.inputOrder();
    this.layers = network.spiking();
    this.output = network.output();
    int n = layers.size();
    image = new float[network.inputSize()];
    inputSpikes = new int[poisson == null ? 0 : block][network.inputSize()];
    inputCount = new int[block];
    membrane = new float[n][];
    constant = new ConstantCurrentNeurons[n];
    drive = new float[n][];
    rateLimit = new float[n][];
    counts = new int[n][];
    spikes = new int[n][][];
    this.negated = negated;
    withdrawn = new int[n][][];
    withdrawnCount = new int[n][block];
    for (int l = 0; l < n; l++) {
      int size = layers.get(l).size();
      membrane[l] = new float[size];
      drive[l] = new float[size];
      rateLimit[l] = new float[size];
      counts[l] = new int[size];
      spikes[l] = new int[block][size];
      withdrawn[l] = negated == null ? null : new int[block][size];
      boolean constantCurrent = options.coding() == InputCoding.CONSTANT
          && layers.get(l).projections().stream().allMatch(p -> p.source() == Projection.INPUT)
          && (negated == null || neverTakesBack(layers.get(l), options));
      constant[l] = constantCurrent ? new ConstantCurrentNeurons(size, options.reset()) : null;
    }
    spikeCount = new int[n][block];
    List<SpikingMaxPool> maxPools = network.maxPools();
    maxPoolsOf = new SpikingMaxPool[n][];
    for (int l = 0; l < n; l++) {
      int source = l;
      maxPoolsOf[l] = maxPools.stream().filter(m -> m.source() == source).toArray(SpikingMaxPool[]::new);
    }
    winner = new int[maxPools.size()][];
    gated = new int[maxPools.size()][][];
    gatedCount = new int[maxPools.size()][block];
    maxPoolScratch = new int[maxPools.size()][];
    for (SpikingMaxPool m : maxPools) {
      winner[m.index()] = new int[m.size()];
      gated[m.index()] = new int[block][m.size()];
      maxPoolScratch[m.index()] = new int[m.scratchSize()];
    }
    scratch = new int[n + 1][][];
    for (int l = 0; l <= n; l++) {
      scratch[l] = (l < n ? layers.get(l) : output).projections().stream()
          .map(p -> new int[p.synapses().scratchSize()]).toArray(int[][]::new);
    }
    rateNorm = new double[n];
    countNorm = new long[n];
    countDotRate = new double[n];
    int classes = output.size();
    outputDrive = new float[classes];
    outputCurrent = new float[classes];
    accumulated = new float[classes];
    outputMembrane = new float[classes];
    outputSpikes = new int[classes];
    stepSpikes = new long[options.timesteps()][n];
  }

  /**
   * Whether a layer of constant current never takes a spike back: when every neuron starts in
   * [0, θ). A positive current then keeps v ≥ 0 (a spike leaves m − θ ≥ 0), and a current ≤ 0
   * never lets it fire.
   */
  private static boolean neverTakesBack(NeuronLayer layer, SimulationOptions options) {
    float[] v0 = new float[layer.size()];
    layer.startMembrane(v0, options.initialMembrane());
    for (int j = 0; j < v0.length; j++) {
      if (!(v0[j] >= 0 && v0[j] < layer.thresholds()[j])) {
        return false;
      }
    }
    return true;
  }

  /** Loads image {@code i} of the batch, runs its analog pass and sets its neurons for step 1. */
  void start(int i) {
    this.i = i;
    int size = image.length;
    for (int p = 0; p < size; p++) {
      image[inputOrder[p]] = batch.images()[i * size + p];
    }
    reference(i);
    reset();
  }

  /** Copies this image's spike counts to the outcome in [C, H, W] order, if it keeps them; after step T. */
  void recordCounts() {
    if (outcome.neuronCounts == null) {
      return;
    }
    for (int l = 0; l < layers.size(); l++) {
      int[] c = counts[l];
      int channels = layers.get(l).channels();
      int pixels = c.length / channels;
      int[] chw = new int[c.length];
      for (int s = 0; s < c.length; s++) {
        chw[s % channels * pixels + s / channels] = c[s];
      }
      outcome.neuronCounts[l][i] = chw;
    }
  }

  /** Adds this image state's totals to the outcome; call once after its last image. */
  void finish() {
    outcome.merge(stepSpikes, synapticOperations);
  }

  /**
   * The analog pass: rate limits r̂_l (Lemma 1; quantized for a layer with levels), Ω_l, the ANN's
   * class, and the constant drives; only the drives when the outcome does not want the rest (K is
   * then NaN, as where r̂_l = 0).
   */
  private void reference(int i) {
    boolean wanted = outcome.withReference;
    for (int l = 0; l < layers.size(); l++) {
      constantDrive(layers.get(l), drive[l], rateLimit[l]);
      if (wanted) {
        rateLimit(l, i);
      } else {
        rateNorm[l] = 0;
        outcome.omega[l][i] = Float.NaN;
      }
    }
    constantDrive(output, outputDrive, outputCurrent);
    if (wanted) {
      addRateLimits(output, outputCurrent);
    }
    outcome.annPredictions[i] = wanted ? argMax(outputCurrent) : -1;
  }

  /**
   * Turns layer l's constant drive, in {@link #rateLimit}, into its rate limits r̂_l: adds the
   * earlier layers' rate limits through its maps, divides by θ and clips (quantizes); records Ω_l of
   * image i and ‖r̂_l‖².
   */
  private void rateLimit(int l, int i) {
    NeuronLayer target = layers.get(l);
    float[] current = rateLimit[l];
    addRateLimits(target, current);
    double sum = 0;
    double squares = 0;
    float[] theta = target.thresholds();
    int levels = target.levels();
    if (levels == 0) {
      Firing.rateLimits(current, theta);
    }
    for (int j = 0; j < current.length; j++) {
      float r = levels == 0 ? current[j] : (float) Layer.quantizedRate(current[j] / theta[j], levels);
      current[j] = r;
      sum += r;
      squares += (double) r * r;
    }
    rateNorm[l] = squares;
    outcome.omega[l][i] = (float) (sum / squares);
  }

  /** Adds to {@code current} the rate limits of {@code target}'s spiking sources through their maps. */
  private void addRateLimits(NeuronLayer target, float[] current) {
    for (Projection p : target.projections()) {
      if (p.source() != Projection.INPUT) {
        p.addValues(rateLimit[p.source()], current);
      }
    }
  }

  /**
   * Sets {@code current} to the target's bias plus its input projections' current, and
   * {@code constant} to what is the same at every step: that under constant coding, the bias alone
   * under Poisson coding.
   */
  private void constantDrive(NeuronLayer target, float[] constant, float[] current) {
    System.arraycopy(target.bias(), 0, current, 0, current.length);
    for (Projection p : target.projections()) {
      if (p.source() == Projection.INPUT) {
        p.synapses().addValues(image, current);
      }
    }
    System.arraycopy(options.coding() == InputCoding.CONSTANT ? current : target.bias(), 0, constant, 0,
        constant.length);
  }

  private void reset() {
    for (int l = 0; l < layers.size(); l++) {
      float[] v = membrane[l];
      layers.get(l).startMembrane(v, options.initialMembrane());
      if (constant[l] != null) {
        constant[l].start(v, drive[l], layers.get(l).thresholds());
      }
      Arrays.fill(counts[l], 0);
      countNorm[l] = 0;
      countDotRate[l] = 0;
      for (SpikingMaxPool m : maxPoolsOf[l]) {
        m.start(winner[m.index()]);
      }
    }
    Arrays.fill(accumulated, 0f);
    Arrays.fill(outputMembrane, 0f);
    Arrays.fill(outputSpikes, 0);
  }

  /**
   * Starts the block of {@code steps} steps from step t0: draws their input spikes (Poisson coding)
   * and fires the layers whose current is constant through the whole block.
   */
  void beginBlock(int t0, int steps) {
    for (int b = 0; poisson != null && b < steps; b++) {
      inputCount[b] = poisson.spikes(t0 + b, i, inputOrder, inputSpikes[b]);
    }
    for (int l = 0; l < layers.size(); l++) {
      if (constant[l] != null) {
        constant[l].fire(steps, spikes[l], spikeCount[l]);
      }
    }
  }

  /** Starts a step of the output layer: sets its current to its drive. */
  void beginOutputStep() {
    System.arraycopy(outputDrive, 0, outputCurrent, 0, outputCurrent.length);
  }

  /**
   * Whether {@code source} (a spiking layer, or {@link Projection#INPUT}) spikes: the input only
   * under Poisson coding.
   */
  boolean hasSpikes(int source) {
    return source != Projection.INPUT || poisson != null;
  }

  /**
   * The spikes that {@code p} adds at step b of the block: those of its source (a spiking layer, or
   * the input), or those its max pool passes on; see {@link #spikeCount}.
   */
  int[] spikesOf(Projection p, int b) {
    if (p.maxPool() != null) {
      return gated[p.maxPool().index()][b];
    }
    return p.source() == Projection.INPUT ? inputSpikes[b] : spikes[p.source()][b];
  }

  /** The spikes source {@code p.source()} took back at step b of the block (signed spikes only). */
  int[] withdrawnOf(Projection p, int b) {
    return withdrawn[p.source()][b];
  }

  /** How many of {@link #withdrawnOf} are step b's: 0 unless spikes are signed and the source spikes. */
  int withdrawnCount(Projection p, int b) {
    return p.source() == Projection.INPUT ? 0 : withdrawnCount[p.source()][b];
  }

  /** How many of {@link #spikesOf} are step b's. */
  int spikeCount(Projection p, int b) {
    if (p.maxPool() != null) {
      return gatedCount[p.maxPool().index()][b];
    }
    return p.source() == Projection.INPUT ? inputCount[b] : spikeCount[p.source()][b];
  }

  /** What target {@code l}'s incoming spikes add to: its membrane, or the output's current (l = layers). */
  float[] input(int l) {
    return l < layers.size() ? membrane[l] : outputCurrent;
  }

  /**
   * Adds the spikes of step b of the block through projection k of target l (l = layers for the
   * output) to {@link #input}.
   */
  void addProjection(int l, int k, int b) {
    Projection p = (l < layers.size() ? layers.get(l) : output).projections().get(k);
    synapticOperations += p.synapses().addSpikes(spikesOf(p, b), spikeCount(p, b), input(l), scratch[l][k]);
    int back = withdrawnCount(p, b);
    if (back > 0) {
      synapticOperations += negated[l][k].addSpikes(withdrawnOf(p, b), back, input(l), scratch[l][k]);
    }
  }

  /** Counts fan-out additions made for this image elsewhere (by a group). */
  void addOperations(long additions) {
    synapticOperations += additions;
  }

  /**
   * Step t of spiking layer l, step b of the block, its input added: charges and fires (a layer of
   * constant current has fired in {@link #beginBlock}), counts, gates the spikes through its max
   * pools and records K_l(t).
   */
  void fire(int l, int t, int b) {
    int[] fired = spikes[l][b];
    float[] v = membrane[l];
    int n;
    int back = 0;
    if (constant[l] != null) {
      n = spikeCount[l][b];
    } else if (negated != null) {
      Firing.chargeAndFireSigned(v, drive[l], layers.get(l).thresholds(), counts[l], v.length,
          fired, withdrawn[l][b], tally);
      n = tally[0];
      back = tally[1];
    } else {
      n = Firing.chargeAndFire(v, drive[l], layers.get(l).thresholds(), options.reset(), v.length, fired);
    }
    spikeCount[l][b] = n;
    withdrawnCount[l][b] = back;
    stepSpikes[t - 1][l] += n + back;
    count(l, fired, n, 1);
    count(l, negated == null ? null : withdrawn[l][b], back, -1);
    for (SpikingMaxPool m : maxPoolsOf[l]) {
      int pool = m.index();
      gatedCount[pool][b] = m.gate(fired, n, counts[l], winner[pool], maxPoolScratch[pool], gated[pool][b]);
    }
    double norm = rateNorm[l];
    double error = countNorm[l] / ((double) t * t) - 2 * countDotRate[l] / t + norm;
    outcome.k[t - 1][l][i] = norm == 0 ? Float.NaN : (float) (Math.max(0, error) / norm);
  }

  /**
   * Step t of the output layer (step b of the block), its input added: accumulates its current,
   * records the class and asks whether the image stops early. A step after the image stopped
   * (later in the same block) is taken back instead.
   */
  void readout(int t, int b) {
    SettledImages settled = outcome.settled;
    if (settled != null && settled.stopped(i)) {
      takeBack(t, b);
      return;
    }
    for (int c = 0; c < accumulated.length; c++) {
      accumulated[c] += outputCurrent[c];
    }
    int predicted = predict();
    outcome.predictions[t - 1][i] = predicted;
    if (settled != null) {
      settled.settles(i, t, predicted, accumulated, outputSpikes, 0);
    }
  }

  /** Whether the image has stopped early. */
  boolean stopped() {
    return outcome.settled != null && outcome.settled.stopped(i);
  }

  /**
   * Step t, step b of a block that the image ran past its stop: its spikes do not count, its K is
   * not defined and its class is the one it stopped with.
   */
  private void takeBack(int t, int b) {
    for (int l = 0; l < layers.size(); l++) {
      stepSpikes[t - 1][l] -= spikeCount[l][b] + withdrawnCount[l][b];
    }
    skip(t);
  }

  /** Records steps {@code from}..T, which the image does not run after its early stop. */
  void skipFrom(int from) {
    for (int t = from; t <= options.timesteps(); t++) {
      skip(t);
    }
  }

  private void skip(int t) {
    outcome.predictions[t - 1][i] = outcome.settled.prediction(i);
    for (int l = 0; l < layers.size(); l++) {
      outcome.k[t - 1][l][i] = Float.NaN;
    }
  }

  /**
   * Counts layer l's spikes {@code fired[0..n)} of this step into c_i, Σc² and Σc·r̂, each adding
   * {@code sign} to its neuron's count: +1 for a spike fired, −1 for one taken back.
   */
  private void count(int l, int[] fired, int n, int sign) {
    int[] c = counts[l];
    float[] rate = rateLimit[l];
    long squares = 0;
    double dot = 0;
    for (int j = 0; j < n; j++) {
      int neuron = fired[j];
      int before = c[neuron];
      int after = before + sign;
      c[neuron] = after;
      squares += (long) after * after - (long) before * before;
      dot += rate[neuron];
    }
    countNorm[l] += squares;
    countDotRate[l] += sign * dot;
  }

  private int predict() {
    if (options.readout() == Readout.ACCUMULATE) {
      return argMax(accumulated);
    }
    IntegrateAndFireNeuron.chargeAndCount(outputMembrane, outputCurrent,
        IntegrateAndFireNeuron.OUTPUT_THRESHOLD, options.reset(), outputSpikes);
    return Readout.spikeCountClass(outputSpikes, accumulated, 0, outputSpikes.length);
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }
}
