package org.spikebridge.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cell of a sweep: a checkpoint converted by a method with its settings ({@code SweepMethod})
 * whose calibration sample is drawn with {@code seed}, simulated for T steps.
 *
 * @param checkpoint the index of the checkpoint in the sweep's list
 * @param checkpointPath its folder (Hadoop path)
 * @param method the conversion method with its settings, as {@code SweepMethod} reads it
 * @param timesteps T
 * @param seed the seed of the calibration sample (methods that calibrate) and of the simulation
 */
public record SweepCell(int checkpoint, String checkpointPath, String method, int timesteps, long seed)
    implements Serializable {

  /**
   * A name unique in the sweep and safe as a file name, e.g. {@code c0-maxnorm-T64-s1} or
   * {@code c0-robustnorm_percentile_99.99-T64-s1}.
   */
  public String id() {
    return String.format(Locale.ROOT, "c%d-%s-T%d-s%d", checkpoint, method.replaceAll("[^A-Za-z0-9_.]", "_"),
        timesteps, seed);
  }

  /**
   * Every combination of checkpoint, method (with settings), T and seed, in that nesting order; an
   * exception for an unknown method or a bad setting (a mistake in the grid, not a failed cell).
   */
  public static List<SweepCell> grid(List<String> checkpoints, List<String> methods, List<Integer> timesteps,
      List<Long> seeds) {
    methods.forEach(SweepMethod::parse);
    List<SweepCell> cells = new ArrayList<>();
    for (int c = 0; c < checkpoints.size(); c++) {
      for (String method : methods) {
        for (int t : timesteps) {
          for (long seed : seeds) {
            cells.add(new SweepCell(c, checkpoints.get(c), method, t, seed));
          }
        }
      }
    }
    return cells;
  }
}
