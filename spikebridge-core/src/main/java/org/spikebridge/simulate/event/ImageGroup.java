package org.spikebridge.simulate.event;

import java.util.List;
import org.spikebridge.data.Batch;
import org.spikebridge.simulate.SimulationOptions;

/**
 * One worker's images, simulated in lockstep, a block of steps at a time: within a block layer by
 * layer, each layer over all the block's steps, for all the images. A feed-forward layer's spikes
 * depend only on those of the layers before it, so the result is the step-by-step simulation's,
 * while one layer's weights and membranes stay in cache through the block and the spikes between
 * layers are kept per step ({@link ImageRun}). A synaptic map whose weights outweigh the group's
 * currents ({@link Synapses#sharesReads}: VGG's deeper convolutions and its classifier) adds the
 * spikes of every image of the group in one pass, so that its weights stream from memory once per
 * step for the group instead of once per image; the other maps add each image's spikes in turn.
 * Each image keeps its own {@link ImageRun} state, and its results do not depend on the group it
 * ran in.
 */
final class ImageGroup {
  /** The most steps a block holds: those a layer of constant current fires at once. */
  static final int MAX_BLOCK = Firing.MAX_STEPS;
  /** The most ints an image's spikes of one block may take (8 MiB), however many steps that leaves. */
  static final long BLOCK_BUFFER = 1 << 21;

  private final List<NeuronLayer> targets;
  private final ImageRun[] runs;
  private final int steps;
  private final int block;
  private final boolean earlyExit;
  /** Per target (the output last) and projection, whether the group adds its spikes together. */
  private final boolean[][] shared;
  /** Per target and projection, the grouped map's scratch (null where not shared). */
  private final int[][][] scratch;
  private final int[][] spikes;
  private final int[] counts;
  private final float[][] currents;
  private final Synapses[][] negated;

  /**
   * A group of up to {@code size} images of {@code batch}; maps share reads when they do for
   * {@code size} images. {@code negated} holds, per target and projection, the negated synapses
   * that spikes taken back go through; null unless spikes are signed.
   */
  ImageGroup(EventNetwork network, int size, SimulationOptions options, Batch batch,
      PoissonSpikes poisson, BatchOutcome outcome, Synapses[][] negated) {
    targets = network.targets();
    steps = options.timesteps();
    block = blockSteps(network, steps, poisson != null);
    earlyExit = options.earlyExit().enabled();
    this.negated = negated;
    runs = new ImageRun[size];
    for (int g = 0; g < size; g++) {
      runs[g] = new ImageRun(network, options, batch, poisson, outcome, block, negated);
    }
    shared = new boolean[targets.size()][];
    scratch = new int[targets.size()][][];
    for (int l = 0; l < targets.size(); l++) {
      List<Projection> projections = targets.get(l).projections();
      shared[l] = new boolean[projections.size()];
      scratch[l] = new int[projections.size()][];
      for (int k = 0; k < projections.size(); k++) {
        Synapses synapses = projections.get(k).synapses();
        shared[l][k] = projections.get(k).source() != Projection.INPUT && synapses.sharesReads(size);
        scratch[l][k] = shared[l][k] ? new int[synapses.groupScratchSize(size)] : null;
      }
    }
    spikes = new int[size][];
    counts = new int[size];
    currents = new float[size][];
  }

  /**
   * How many images a worker should run in lockstep: {@code preferred} if some map of {@code
   * network} shares its reads among that many, else 1 (lockstep would only spread each image's
   * state over more cache).
   */
  static int size(EventNetwork network, int preferred) {
    boolean sharing = network.targets().stream().flatMap(t -> t.projections().stream())
        .anyMatch(p -> p.source() != Projection.INPUT && p.synapses().sharesReads(preferred));
    return sharing ? preferred : 1;
  }

  /**
   * How many steps a block holds: up to {@link #MAX_BLOCK}, fewer when the spikes of a block's
   * steps, kept for every neuron of every layer (and max pool, and the input under Poisson
   * coding), would pass {@link #BLOCK_BUFFER} ints.
   */
  static int blockSteps(EventNetwork network, int timesteps, boolean poissonInput) {
    long neurons = poissonInput ? network.inputSize() : 0;
    for (NeuronLayer layer : network.spiking()) {
      neurons += layer.size();
    }
    for (SpikingMaxPool m : network.maxPools()) {
      neurons += m.size();
    }
    return (int) Math.max(1, Math.min(Math.min(timesteps, MAX_BLOCK), BLOCK_BUFFER / Math.max(1, neurons)));
  }

  /** Simulates images {@code first} to {@code first + images − 1} of the batch for T steps. */
  void run(int first, int images) {
    for (int g = 0; g < images; g++) {
      runs[g].start(first + g);
    }
    int running = images;
    for (int t0 = 1; t0 <= steps && running > 0; ) {
      int n = Math.min(blockAt(t0), steps - t0 + 1);
      for (int g = 0; g < running; g++) {
        runs[g].beginBlock(t0, n);
      }
      for (int l = 0; l < targets.size(); l++) {
        for (int b = 0; b < n; b++) {
          step(l, t0 + b, b, running);
        }
      }
      t0 += n;
      running = dropStopped(running, t0);
    }
    for (int g = 0; g < images; g++) {
      runs[g].recordCounts();
    }
  }

  /**
   * The length of the block that starts at step t0: {@link #block}, or under early exit half the
   * steps run so far (at least 1, at most {@link #block}), so that an image that stops in a block
   * runs at most 1.5 times the steps it needed.
   */
  private int blockAt(int t0) {
    return earlyExit ? Math.max(1, Math.min(block, (t0 - 1) / 2)) : block;
  }

  /**
   * Moves the images that stopped early behind the {@code running} that still run, records that
   * they skip steps {@code next}..T, and returns how many still run.
   */
  private int dropStopped(int running, int next) {
    int left = running;
    for (int g = running - 1; g >= 0; g--) {
      if (runs[g].stopped()) {
        runs[g].skipFrom(next);
        ImageRun last = runs[--left];
        runs[left] = runs[g];
        runs[g] = last;
      }
    }
    return left;
  }

  /** Step t (step b of the block) of target l for every image of the group. */
  private void step(int l, int t, int b, int images) {
    boolean output = l == targets.size() - 1;
    for (int g = 0; output && g < images; g++) {
      runs[g].beginOutputStep();
    }
    List<Projection> projections = targets.get(l).projections();
    for (int k = 0; k < projections.size(); k++) {
      if (shared[l][k]) {
        addTogether(l, projections.get(k), b, scratch[l][k], images);
        if (negated != null) {
          addTakenBackTogether(l, k, b, images);
        }
      } else if (runs[0].hasSpikes(projections.get(k).source())) {
        for (int g = 0; g < images; g++) {
          runs[g].addProjection(l, k, b);
        }
      }
    }
    for (int g = 0; g < images; g++) {
      if (output) {
        runs[g].readout(t, b);
      } else {
        runs[g].fire(l, t, b);
      }
    }
  }

  /** Adds the spikes of step b of every image's source layer through {@code p} at once. */
  private void addTogether(int l, Projection p, int b, int[] mapScratch, int images) {
    for (int g = 0; g < images; g++) {
      spikes[g] = runs[g].spikesOf(p, b);
      counts[g] = runs[g].spikeCount(p, b);
      currents[g] = runs[g].input(l);
    }
    runs[0].addOperations(p.synapses().addSpikes(spikes, counts, currents, images, mapScratch));
  }

  /**
   * Adds the spikes that step b of every image's source layer took back through projection k's
   * negated synapses at once.
   */
  private void addTakenBackTogether(int l, int k, int b, int images) {
    Projection p = targets.get(l).projections().get(k);
    for (int g = 0; g < images; g++) {
      spikes[g] = runs[g].withdrawnOf(p, b);
      counts[g] = runs[g].withdrawnCount(p, b);
      currents[g] = runs[g].input(l);
    }
    runs[0].addOperations(negated[l][k].addSpikes(spikes, counts, currents, images, scratch[l][k]));
  }

  /** Adds the group's totals to the outcome; call once after its last images. */
  void finish() {
    for (ImageRun run : runs) {
      run.finish();
    }
  }
}
