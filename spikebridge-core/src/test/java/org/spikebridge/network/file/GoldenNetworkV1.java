package org.spikebridge.network.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Generator of the golden file {@code src/test/resources/golden/network-v1/}, run ONCE by hand
 * when format version 1 was defined; never by the build, and never again: the golden file is
 * there to prove that files written by that version keep loading. {@code GoldenNetworkV1Test}
 * checks it against values it writes out literally itself.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:<jackson jars>
 * org.spikebridge.network.file.GoldenNetworkV1 <empty output folder>}.
 */
public final class GoldenNetworkV1 {
  private GoldenNetworkV1() {}

  /** Writes the golden network into the folder {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    List<Layer> layers = List.of(
        new Layer.Conv2d("conv1", List.of("input"), 1, 2, 1, 1, 0, true),
        new Layer.BatchNorm2d("bn1", List.of("conv1"), 2, 1e-5, 0.1),
        new Layer.RateNorm("rnl1", List.of("bn1"), 0.1),
        new Layer.Add("add1", List.of("rnl1", "bn1")),
        new Layer.IntegrateAndFire("if1", List.of("add1"), true),
        new Layer.AvgPool2d("avgpool1", List.of("if1"), 2, 2, 0),
        new Layer.Flatten("flatten1", List.of("avgpool1")),
        new Layer.Linear("fc1", List.of("flatten1"), 2, 3, true));
    Architecture arch = new Architecture("golden-v1", TensorShape.of(1, 2, 2), 3, layers);
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("conv1.weight", new Tensor(TensorShape.of(2, 1, 1, 1), new float[] {0.5f, -1.25f}));
    p.put("conv1.bias", new Tensor(TensorShape.of(2), new float[] {0.125f, -0.75f}));
    p.put("bn1.weight", new Tensor(TensorShape.of(2), new float[] {1.5f, 0.25f}));
    p.put("bn1.bias", new Tensor(TensorShape.of(2), new float[] {-0.5f, 2f}));
    p.put("bn1.running_mean", new Tensor(TensorShape.of(2), new float[] {0.0625f, -3.5f}));
    p.put("bn1.running_var", new Tensor(TensorShape.of(2), new float[] {1f, 4f}));
    p.put("rnl1.running_max", new Tensor(TensorShape.of(1), new float[] {2.5f}));
    p.put("rnl1.p_logit", new Tensor(TensorShape.of(1), new float[] {-0.375f}));
    p.put("if1.threshold", new Tensor(TensorShape.of(2), new float[] {0.875f, 1.75f}));
    p.put("fc1.weight", new Tensor(TensorShape.of(3, 2), new float[] {1f, -1f, 0.5f, 0.25f, -2f, 3f}));
    p.put("fc1.bias", new Tensor(TensorShape.of(3), new float[] {-0.0625f, 0.375f, 8f}));
    Provenance provenance = new Provenance("none (hand-chosen values)", 20240601L,
        "GoldenNetworkV1 (run once by hand)", Map.of("spikebridge", "0.1.0-SNAPSHOT"),
        Map.of("purpose", "golden file of network format version 1"));
    NetworkFiles.save(new Network(arch, p, provenance), Path.of(args[0]));
  }
}
