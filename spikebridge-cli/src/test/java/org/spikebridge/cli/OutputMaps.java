package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.spikebridge.convert.OutputNormalization;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Network;

/** Checks of a spiking network folder whose output layer {@code --output-percentile} mapped. */
final class OutputMaps {
  private OutputMaps() {}

  /**
   * Asserts that {@code normalized}'s output layer fc1 is {@code plain}'s with its current z mapped
   * to (z − r)/(λ − r) for the r and λ − r its provenance records (weights divided, biases shifted
   * and divided), that its conv2 is {@code plain}'s, and returns the provenance settings.
   */
  static Map<String, String> assertMapped(Path plain, Path normalized) throws IOException {
    Network before = SpikingNetwork.load(plain).network();
    Network after = SpikingNetwork.load(normalized).network();
    Map<String, String> settings = after.provenance().settings();
    double scale = Double.parseDouble(settings.get(OutputNormalization.SCALE));
    double offset = Double.parseDouble(settings.get(OutputNormalization.OFFSET));
    assertThat(scale).isPositive();
    assertCloseTo(after.parameter("fc1.weight").data(), before.parameter("fc1.weight").data(), 0, scale);
    assertCloseTo(after.parameter("fc1.bias").data(), before.parameter("fc1.bias").data(), offset, scale);
    assertThat(after.parameter("conv2.weight").data()).containsExactly(before.parameter("conv2.weight").data());
    assertThat(after.parameter("conv2.bias").data()).containsExactly(before.parameter("conv2.bias").data());
    return settings;
  }

  private static void assertCloseTo(float[] actual, float[] before, double offset, double scale) {
    for (int k = 0; k < before.length; k++) {
      double expected = (before[k] - offset) / scale;
      assertThat((double) actual[k]).isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-12));
    }
  }
}
