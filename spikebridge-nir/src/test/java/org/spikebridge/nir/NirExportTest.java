package org.spikebridge.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIR files the exporter writes, read back with jHDF alone and checked against hand values. */
class NirExportTest {
  @TempDir Path dir;

  private Object data(HdfFile f, String path) {
    return f.getDatasetByPath(path).getData();
  }

  /** The edges as "source->target", in the file's order. */
  private List<String> edges(HdfFile f) {
    return Stream.of((String[][]) data(f, "node/edges")).map(e -> e[0] + "->" + e[1]).toList();
  }

  @Test
  void writesTheLayoutOfNirsOwnWriterWithThePoolsAverageInTheNextWeights() throws IOException {
    Path file = dir.resolve("pooled.nir");
    NirExport.write(HandNetworks.pooled(), file);
    try (HdfFile f = new HdfFile(file)) {
      assertThat(data(f, "version")).isEqualTo("1.0.7");
      assertThat(data(f, "node/type")).isEqualTo("NIRGraph");
      assertThat(edges(f)).containsExactly("input->conv", "conv->if1", "if1->pool", "pool->flat",
          "flat->fc", "fc->output");
      assertThat(data(f, "node/nodes/input/type")).isEqualTo("Input");
      assertThat((long[]) data(f, "node/nodes/input/shape")).containsExactly(1, 4, 4);
      assertThat(data(f, "node/nodes/conv/type")).isEqualTo("Conv2d");
      assertThat((long[]) data(f, "node/nodes/conv/stride")).containsExactly(1, 1);
      assertThat((long[]) data(f, "node/nodes/conv/padding")).containsExactly(0, 0);
      assertThat((long[]) data(f, "node/nodes/conv/input_shape")).containsExactly(4, 4);
      assertThat(data(f, "node/nodes/conv/groups")).isEqualTo(1L);
      assertThat((float[]) data(f, "node/nodes/conv/bias")).containsExactly(0.5f, -0.5f);
      // the threshold of each neuron's channel, shaped like the layer's output [2, 4, 4]
      float[][][] theta = (float[][][]) data(f, "node/nodes/if1/v_threshold");
      assertThat(theta).hasDimensions(2, 4);
      assertThat(theta[0][3]).containsOnly(1f);
      assertThat(theta[1][2]).containsOnly(2f);
      assertThat(((float[][][]) data(f, "node/nodes/if1/v_reset"))[1][1]).containsOnly(0f);
      assertThat(((float[][][]) data(f, "node/nodes/if1/r"))[0][0]).containsOnly(1f);
      assertThat(data(f, "node/nodes/if1/metadata/reset")).isEqualTo("subtract");
      assertThat(data(f, "node/nodes/pool/type")).isEqualTo("SumPool2d");
      assertThat((long[]) data(f, "node/nodes/pool/kernel_size")).containsExactly(2, 2);
      assertThat(data(f, "node/nodes/flat/start_dim")).isEqualTo(0L);
      assertThat(data(f, "node/nodes/flat/end_dim")).isEqualTo(-1L);
      assertThat((long[]) data(f, "node/nodes/flat/input_type")).containsExactly(2, 2, 2);
      // fc's weight i·0.5 times the pool's 1/4
      assertThat(data(f, "node/nodes/fc/type")).isEqualTo("Affine");
      float[][] fc = (float[][]) data(f, "node/nodes/fc/weight");
      assertThat(fc[0]).containsExactly(0, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f);
      assertThat(fc[2][7]).isEqualTo(23 * 0.125f);
      assertThat((long[]) data(f, "node/nodes/output/shape")).containsExactly(3);
    }
  }

  @Test
  void turnsAResidualSumIntoTwoEdgesIntoTheNodeThatReadsIt() throws IOException {
    Path file = dir.resolve("residual.nir");
    NirExport.write(HandNetworks.residual(), file);
    try (HdfFile f = new HdfFile(file)) {
      assertThat(edges(f)).containsExactly("input->a", "a->ia", "ia->b", "b->is", "a->is",
          "is->flat", "flat->fc", "fc->output");
      assertThat(f.getByPath("node/nodes").isGroup()).isTrue();
      assertThat(((io.jhdf.api.Group) f.getByPath("node/nodes")).getChildren().keySet())
          .doesNotContain("sum");
      assertThat(data(f, "node/nodes/fc/type")).isEqualTo("Linear");
      assertThat((float[]) data(f, "node/nodes/b/bias")).containsExactly(0f);
    }
  }

  @Test
  void refusesMaxPoolingNamingTheLayerAndWritesNothing() {
    Path file = dir.resolve("max.nir");
    assertThatThrownBy(() -> NirExport.write(HandNetworks.maxPooled(), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 'pool' (MaxPool2d)")
        .hasMessageNotContaining("\n");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void refusesAnAveragePoolingReadByNeurons() {
    assertThatThrownBy(() -> NirExport.graph(HandNetworks.pooledIntoNeurons()))
        .hasMessageContaining("layer 'pool' (AvgPool2d)").hasMessageContaining("'ip'");
  }
}
