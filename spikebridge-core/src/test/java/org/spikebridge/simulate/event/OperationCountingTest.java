package org.spikebridge.simulate.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.metrics.OperationCounts;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.RandomSpikingNetworks;

/** The synapse counts of hand-computed networks. */
class OperationCountingTest {

  /** Linear 4→3, integrate-and-fire, Linear 3→2: every synapse counted by hand. */
  @Test
  void twoLayerNetwork() {
    SpikingNetwork snn = RandomSpikingNetworks.of(new ArchitectureBuilder("two", TensorShape.of(4, 1, 1))
        .flatten().linear(3).activation(Activation.RELU).linear(2).build(2), 1);
    OperationCounts counts = OperationCounting.of(snn);
    assertEquals(4 * 3 + 3 * 2, counts.annMacs());
    assertEquals(4 * 3, counts.inputMacsPerStep());
    assertArrayEquals(new double[] {2}, counts.fanOut());
    assertArrayEquals(new int[] {3}, counts.neurons());
  }

  /**
   * A 3×3 convolution with padding 1 on a 3×3 image: per output channel the taps inside the image
   * are 4 per corner, 6 per edge and 9 in the centre, 49 in all; the ANN computes all 9 × 9.
   */
  @Test
  void paddedConvolutionCountsOnlyTapsInsideTheImage() {
    SpikingNetwork snn = RandomSpikingNetworks.of(new ArchitectureBuilder("conv", TensorShape.of(1, 3, 3))
        .conv(2, 3, 1, 1).activation(Activation.RELU).flatten().linear(2).build(2), 1);
    OperationCounts counts = OperationCounting.of(snn);
    assertEquals(2 * 9 * 9 + 18 * 2, counts.annMacs());
    assertEquals(2 * (4 * 4 + 4 * 6 + 9), counts.inputMacsPerStep());
    assertArrayEquals(new double[] {2}, counts.fanOut());
  }

  /**
   * Two spiking layers, the second behind a 2×2 average pooling folded into the Linear layer: each
   * of the first layer's 1·4·4 neurons reaches its pooled pixel's 3 outputs of the conv's 3×3 (with
   * padding 1, a 2×2 pooled image: each pooled pixel reaches all 4 output pixels × 3 channels = 12).
   */
  @Test
  void averagePoolingGivesEachNeuronItsPooledPixelsFanOut() {
    SpikingNetwork snn = RandomSpikingNetworks.of(new ArchitectureBuilder("pool", TensorShape.of(1, 4, 4))
        .conv(1, 1, 1, 0).activation(Activation.RELU).avgPool(2).conv(3, 3, 1, 1)
        .activation(Activation.RELU).flatten().linear(2).build(2), 1);
    OperationCounts counts = OperationCounting.of(snn);
    assertEquals(16 + 3 * 4 * 9 + 12 * 2, counts.annMacs());
    assertEquals(16, counts.inputMacsPerStep());
    assertArrayEquals(new double[] {12, 2}, counts.fanOut());
    assertArrayEquals(new int[] {16, 12}, counts.neurons());
  }
}
