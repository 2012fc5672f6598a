package org.spikebridge.dense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Layer;

/** The dense engine's average pooling with padding wider than libtorch takes, worked by hand. */
class LayerOpsTest {

  private static float[] pool(Layer.AvgPool2d layer) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
      NDArray out = LayerOps.applyLinear(layer, List.of(x), name -> null);
      assertThat(out.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
      return out.toFloatArray();
    }
  }

  /** An ONNX Pad node as a 1×1 pooling padded by 1: [[1, 2], [3, 4]] framed by zeros. */
  @Test
  void aOneByOnePoolingPadsWithZeros() {
    assertThat(pool(new Layer.AvgPool2d("pad", List.of("x"), 1, 1, 1)))
        .containsExactly(0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0);
  }

  /**
   * A 3×3 window padded by 2 (a Pad of 1 taken into a pooling of its own padding 1) counts the
   * zeros: the window at (1, 1) covers the four values, (1 + 2 + 3 + 4) / 9; the one at (0, 0)
   * only the 1, 1 / 9.
   */
  @Test
  void aPaddingBeyondHalfTheKernelCountsItsZeros() {
    float[] out = pool(new Layer.AvgPool2d("pool", List.of("x"), 3, 1, 2));
    assertThat(out[5]).isCloseTo(10f / 9, within(1e-6f));
    assertThat(out[0]).isCloseTo(1f / 9, within(1e-6f));
  }
}
