package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Compiling graphs whose paths are many or long: the compiler visits each layer once, so a chain
 * of k Add layers that each name their input twice (2^k paths) or a chain of thousands of Affine
 * layers compiles at once, into one projection with the summed scale. (Before, each path was
 * walked by recursion: 2^40 steps for the first, a stack overflow for the second.)
 */
class EventNetworkTest {
  private static final Provenance PROVENANCE = new Provenance("hand", 1, "test", Map.of(), Map.of());
  /** Only a guard against a hang: either compiles in milliseconds. */
  private static final Duration HANG = Duration.ofSeconds(30);

  /**
   * input [1, 1, 1] → conv (1×1, weight 0.5, bias 0.25) → {@code middle} → if (θ = 1) → flatten →
   * fc (1 → 2), every parameter of {@code middle} set by {@code values}.
   */
  private static SpikingNetwork around(List<Layer> middle, Map<String, float[]> values) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Conv2d("conv", List.of("input"), 1, 1, 1, 1, 0, true));
    layers.addAll(middle);
    String last = middle.get(middle.size() - 1).name();
    layers.add(new Layer.IntegrateAndFire("if", List.of(last), false));
    layers.add(new Layer.Flatten("flatten", List.of("if")));
    layers.add(new Layer.Linear("fc", List.of("flatten"), 1, 2, false));
    Architecture a = new Architecture("chain", TensorShape.of(1, 1, 1), 2, layers);
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv.weight", new Tensor(TensorShape.of(1, 1, 1, 1), new float[] {0.5f}));
    p.put("conv.bias", new Tensor(TensorShape.of(1), new float[] {0.25f}));
    values.forEach((name, v) -> p.put(name, new Tensor(TensorShape.of(v.length), v)));
    p.put("if.threshold", new Tensor(TensorShape.of(1), new float[] {1}));
    p.put("fc.weight", Tensor.filled(TensorShape.of(2, 1), 1f));
    return new SpikingNetwork(new Network(a, p, PROVENANCE));
  }

  /** The current of layer "if" for an input value {@code x}: its bias plus every projection. */
  private static float current(EventNetwork net, float x) {
    Target target = net.spiking().get(0);
    float[] current = target.bias().clone();
    for (Projection p : target.projections()) {
      p.addValues(new float[] {x}, current);
    }
    return current[0];
  }

  /** Each Add(x, x) doubles the current: after 40 of them, 2^40·(0.5·x + 0.25). */
  @Test
  void compilesFortyAddsThatEachNameTheirInputTwice() {
    List<Layer> adds = new ArrayList<>();
    String previous = "conv";
    for (int k = 1; k <= 40; k++) {
      adds.add(new Layer.Add("add" + k, List.of(previous, previous)));
      previous = "add" + k;
    }
    SpikingNetwork snn = around(adds, Map.of());
    EventNetwork net = assertTimeoutPreemptively(HANG, () -> EventNetwork.compile(snn));
    assertThat(net.spiking().get(0).projections()).as("one map, its scale summed").hasSize(1);
    assertThat(net.spiking().get(0).bias()).containsExactly(0x1p40f * 0.25f);
    assertThat(current(net, 3f)).isEqualTo(0x1p40f * 1.75f);
  }

  /**
   * 9,000 Affine layers in a row, each y = x + 1/1024: the current is 0.5·x + 0.25 + 9000/1024
   * (every partial sum a multiple of 1/1024 below 2^24/1024, so exact in float).
   */
  @Test
  void compilesNineThousandAffineLayersInARow() {
    int depth = 9_000;
    List<Layer> affine = new ArrayList<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    String previous = "conv";
    for (int k = 1; k <= depth; k++) {
      affine.add(new Layer.Affine("affine" + k, List.of(previous), 1));
      values.put("affine" + k + ".weight", new float[] {1});
      values.put("affine" + k + ".bias", new float[] {1f / 1024});
      previous = "affine" + k;
    }
    SpikingNetwork snn = around(affine, values);
    EventNetwork net = assertTimeoutPreemptively(HANG, () -> EventNetwork.compile(snn));
    assertThat(net.spiking().get(0).projections()).hasSize(1);
    assertThat(current(net, 3f)).isEqualTo(1.75f + depth / 1024f);
  }

  /**
   * Paths of different scales that meet on one map add their scales: Add(conv, a(conv), a(a(conv)))
   * with a = Affine(weight 2, bias 1) is (1 + 2 + 4)·conv + (1 + 2 + 1) — the inner a's bias
   * counted on both paths through it, once doubled by the outer a.
   */
  @Test
  void sumsTheScalesOfEveryPathToAMap() {
    List<Layer> middle = List.of(
        new Layer.Affine("a1", List.of("conv"), 1),
        new Layer.Affine("a2", List.of("a1"), 1),
        new Layer.Add("sum", List.of("conv", "a1", "a2")));
    SpikingNetwork snn = around(middle, Map.of("a1.weight", new float[] {2},
        "a1.bias", new float[] {1}, "a2.weight", new float[] {2}, "a2.bias", new float[] {1}));
    EventNetwork net = EventNetwork.compile(snn);
    assertThat(net.spiking().get(0).projections()).hasSize(1);
    // conv(3) = 1.75: 7 × 1.75 + (a1's bias: 1 + 2) + (a2's bias: 1)
    assertThat(current(net, 3f)).isEqualTo(7 * 1.75f + 4);
  }
}
