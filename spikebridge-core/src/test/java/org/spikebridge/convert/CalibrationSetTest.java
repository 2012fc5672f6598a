package org.spikebridge.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;

/**
 * The calibration set's memory of the last max pass: the data-based methods that convert one
 * network share it, a network with other weights or other layers gets its own, and no caller can
 * change what the next one gets. The network is {@link BaselineConversionTest#tiny}, whose
 * activations are worked out by hand there.
 */
class CalibrationSetTest {
  private static final List<String> RELUS = List.of("relu1", "relu2");

  private static CalibrationSet calibration() {
    return new CalibrationSet(new float[] {1, 2, 3, 0, -1, 1}, 3, 1, 1, 2);
  }

  /** tiny() with fc2's weights doubled: fc2 has no bias, so relu2 doubles and relu1 stays. */
  private static Network doubledFc2() {
    Network tiny = BaselineConversionTest.tiny();
    Map<String, Tensor> params = new LinkedHashMap<>(tiny.parameters());
    Tensor w = params.get("fc2.weight");
    float[] doubled = w.data().clone();
    for (int k = 0; k < doubled.length; k++) {
      doubled[k] *= 2;
    }
    params.put("fc2.weight", new Tensor(w.shape(), doubled));
    return new Network(tiny.architecture(), params, tiny.provenance());
  }

  @Test
  void oneNetworkIsPassedOverOnceAndAnotherGetsItsOwnMaxima() {
    CalibrationSet set = calibration();
    Map<String, float[]> first = ActivationStatistics.channelMax(BaselineConversionTest.tiny(), RELUS, set);
    assertThat(first.get("relu1")).containsExactly(3f, 3.5f);
    assertThat(first.get("relu2")).containsExactly(4.75f, 0.5f);

    Map<String, float[]> doubled = ActivationStatistics.channelMax(doubledFc2(), RELUS, set);
    assertThat(doubled.get("relu1")).containsExactly(3f, 3.5f);
    assertThat(doubled.get("relu2")).containsExactly(9.5f, 1f);

    Map<String, float[]> again = ActivationStatistics.channelMax(BaselineConversionTest.tiny(), RELUS, set);
    assertThat(again.get("relu2")).containsExactly(4.75f, 0.5f);
  }

  @Test
  void theSameWeightsInAnotherNetworkObjectReuseThePassUntilWeightsOrLayersChange() {
    CalibrationSet set = calibration();
    AtomicInteger passes = new AtomicInteger();
    List<Map<String, float[]>> results = new ArrayList<>();
    Supplier<Map<String, float[]>> pass = () -> {
      passes.incrementAndGet();
      return Map.of("relu1", new float[] {passes.get()});
    };
    results.add(set.channelMaxima(BaselineConversionTest.tiny(), RELUS, pass));
    results.add(set.channelMaxima(BaselineConversionTest.tiny(), RELUS, pass));
    assertThat(passes).hasValue(1);
    results.add(set.channelMaxima(BaselineConversionTest.tiny(), List.of("relu1"), pass));
    assertThat(passes).hasValue(2);
    results.add(set.channelMaxima(doubledFc2(), List.of("relu1"), pass));
    assertThat(passes).hasValue(3);
    assertThat(results).extracting(r -> r.get("relu1")[0]).containsExactly(1f, 1f, 2f, 3f);
  }

  @Test
  void aCallerThatChangesItsMaximaDoesNotChangeTheNextCallers() {
    CalibrationSet set = calibration();
    ActivationStatistics.channelMax(BaselineConversionTest.tiny(), RELUS, set).get("relu1")[0] = -7;
    assertThat(ActivationStatistics.channelMax(BaselineConversionTest.tiny(), RELUS, set).get("relu1"))
        .containsExactly(3f, 3.5f);
  }
}
