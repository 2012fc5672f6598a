package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Layer;

/** The dense engine's spiking max pooling ({@link LayerOps#spikingMaxPool}) on spike trains worked out by hand. */
class SpikingMaxPoolOpsTest {

  /**
   * Two images, one 2×2 window each, neurons a b / c d. Image 0 (as in core's
   * SpikingMaxPoolTest):
   * <pre>
   *   t      1  2  3  4  5  6  7
   *   spikes d  b  c  bc c  d  -
   *   counts after t (a b c d): 0001 0101 0111 0221 0231 0232 0232
   *   winner d  b  b  b  c  c  c   (ties to the first in row-major order)
   *   passed 1  1  0  1  1  0  0
   * </pre>
   * Image 1: a spikes at every odd step, d at every step. At t = 1 a and d tie at one spike and a,
   * first, wins, having spiked → 1; from t = 2 on d leads and spikes → 1 at every step.
   */
  @Test
  void passesOnTheSpikesOfTheNeuronWithTheMostSpikesSoFar() {
    int[][][] trains = {
        {{3}, {1}, {2}, {1, 2}, {2}, {3}, {}},
        {{0, 3}, {3}, {0, 3}, {3}, {0, 3}, {3}, {0, 3}}};
    Layer.MaxPool2d pool = new Layer.MaxPool2d("maxpool", List.of("if"), 2, 2, 0);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] counts = new float[8];
      float[][] passed = new float[7][];
      for (int t = 0; t < 7; t++) {
        float[] spikes = new float[8];
        for (int image = 0; image < 2; image++) {
          for (int s : trains[image][t]) {
            spikes[image * 4 + s] = 1;
            counts[image * 4 + s]++;
          }
        }
        NDArray out = LayerOps.spikingMaxPool(pool, manager.create(spikes, new Shape(2, 1, 2, 2)),
            manager.create(counts, new Shape(2, 1, 2, 2)));
        assertThat(out.getShape()).isEqualTo(new Shape(2, 1, 1, 1));
        passed[t] = out.toFloatArray();
      }
      assertThat(passed).isDeepEqualTo(new float[][] {{1, 1}, {1, 1}, {0, 1}, {1, 1}, {1, 1}, {0, 1},
          {0, 1}});
    }
  }

  /**
   * Overlapping 3×3 windows with stride 2 and padding 1 on one 3×3 channel, every count 0 but that
   * of the centre (1, 1), which spiked: it is in all four windows and wins each. With the centre
   * at 1 and (0, 2) at 1 too, both spiking, the top-right window's tie goes to (0, 2), first in
   * row-major order, and the others keep the centre.
   */
  @Test
  void breaksTiesInRowMajorOrderInOverlappingPaddedWindows() {
    Layer.MaxPool2d pool = new Layer.MaxPool2d("maxpool", List.of("if"), 3, 2, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = new Shape(1, 1, 3, 3);
      float[] centre = {0, 0, 0, 0, 1, 0, 0, 0, 0};
      assertThat(LayerOps.spikingMaxPool(pool, manager.create(centre, shape), manager.create(centre, shape))
          .toFloatArray()).containsExactly(1, 1, 1, 1);
      // (0, 2) spikes with count 1 while the centre, count 1 too, is silent at this step
      float[] spikes = {0, 0, 1, 0, 0, 0, 0, 0, 0};
      float[] counts = {0, 0, 1, 0, 1, 0, 0, 0, 0};
      assertThat(LayerOps.spikingMaxPool(pool, manager.create(spikes, shape), manager.create(counts, shape))
          .toFloatArray()).containsExactly(0, 1, 0, 0);
    }
  }
}
