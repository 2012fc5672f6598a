package org.spikebridge.simulate.event;

import java.util.List;
import org.spikebridge.data.Batch;
import org.spikebridge.simulate.SimulationOptions;

/**
 * One worker's images, simulated in lockstep: step by step, and within a step layer by layer for
 * all of them. A synaptic map whose weights outweigh the group's currents ({@link
 * Synapses#sharesReads}: VGG's deeper convolutions and its classifier) adds the spikes of every
 * image of the group in one pass, so that its weights stream from memory once per step for the
 * group instead of once per image; the other maps add each image's spikes in turn. Each image
 * keeps its own {@link ImageRun} state, and its results do not depend on the group it ran in.
 */
final class ImageGroup {
  private final List<NeuronLayer> targets;
  private final ImageRun[] runs;
  private final int steps;
  /** Per target (the output last) and projection, whether the group adds its spikes together. */
  private final boolean[][] shared;
  /** Per target and projection, the grouped map's scratch (null where not shared). */
  private final int[][][] scratch;
  private final int[][] spikes;
  private final int[] counts;
  private final float[][] currents;

  /**
   * A group of up to {@code size} images of {@code batch}; maps share reads when they do for
   * {@code size} images.
   */
  ImageGroup(EventNetwork network, int size, SimulationOptions options, Batch batch,
      PoissonSpikes poisson, BatchOutcome outcome) {
    targets = network.targets();
    runs = new ImageRun[size];
    for (int g = 0; g < size; g++) {
      runs[g] = new ImageRun(network, options, batch, poisson, outcome);
    }
    steps = options.timesteps();
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

  /** Simulates images {@code first} to {@code first + images − 1} of the batch for T steps. */
  void run(int first, int images) {
    for (int g = 0; g < images; g++) {
      runs[g].start(first + g);
    }
    for (int t = 1; t <= steps; t++) {
      for (int g = 0; g < images; g++) {
        runs[g].beginStep(t);
      }
      for (int l = 0; l < targets.size(); l++) {
        List<Projection> projections = targets.get(l).projections();
        for (int k = 0; k < projections.size(); k++) {
          if (shared[l][k]) {
            addTogether(l, projections.get(k), scratch[l][k], images);
          } else if (runs[0].hasSpikes(projections.get(k).source())) {
            for (int g = 0; g < images; g++) {
              runs[g].addProjection(l, k);
            }
          }
        }
        boolean output = l == targets.size() - 1;
        for (int g = 0; g < images; g++) {
          if (output) {
            runs[g].readout(t);
          } else {
            runs[g].fire(l, t);
          }
        }
      }
    }
    for (int g = 0; g < images; g++) {
      runs[g].recordCounts();
    }
  }

  /** Adds the spikes of every image's source layer through {@code p} at once. */
  private void addTogether(int l, Projection p, int[] mapScratch, int images) {
    for (int g = 0; g < images; g++) {
      spikes[g] = runs[g].spikesOf(p);
      counts[g] = runs[g].spikeCount(p);
      currents[g] = runs[g].input(l);
    }
    runs[0].addOperations(p.synapses().addSpikes(spikes, counts, currents, images, mapScratch));
  }

  /** Adds the group's totals to the outcome; call once after its last images. */
  void finish() {
    for (ImageRun run : runs) {
      run.finish();
    }
  }
}
