package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * A run folder that a kill left between two of its writes: the newest complete checkpoint's state
 * is the truth, best.json and metrics.jsonl are rebuilt from it, and readers refuse the folder
 * until then.
 */
class TrainingDirectoryTest {
  private static final TrainingConfig CONFIG = new TrainingConfig("cnn7", "synthetic",
      Activation.RELU, 3, 50, TrainingConfig.OptimizerKind.ADAM, 3e-3, 0.9, 0,
      LearningRateSchedule.Kind.COSINE, 1, 0.1, 200, 0, false, 4, 0);
  /** Validation accuracy by epoch: epoch 3 is the best. */
  private static final double[] VALIDATION = {60, 50, 70};

  @TempDir
  Path dir;

  /** The state after {@code epoch}, with hand-made metrics. */
  private static TrainingState state(int epoch) {
    List<EpochMetrics> history = new ArrayList<>();
    int best = 0;
    for (int e = 1; e <= epoch; e++) {
      history.add(new EpochMetrics(e, 0.001, 1.0 / e, 80, VALIDATION[e - 1], 75, 1, 100));
      best = best == 0 || VALIDATION[e - 1] > VALIDATION[best - 1] ? e : best;
    }
    return new TrainingState(epoch, CONFIG, best, VALIDATION[best - 1], history);
  }

  /** Saves epochs 1 to {@code epochs} into {@code root}, each with its own network. */
  private static TrainingDirectory saved(Path root, int epochs) throws IOException {
    TrainingDirectory directory = new TrainingDirectory(root);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int e = 1; e <= epochs; e++) {
        try (TrainableNetwork network = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), e, manager)) {
          Network n = network.toNetwork(new Provenance("synthetic", e, "test", Map.of(), Map.of()));
          directory.save(state(e), n, Map.of("step", new Tensor(TensorShape.of(1), new float[] {e})));
        }
      }
    }
    return directory;
  }

  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Killed after epoch 3's folder was renamed into place, before latest.json, best.json and
   * metrics.jsonl followed, with a temporary file and an unfinished folder left behind.
   */
  @Test
  void aRunKilledBetweenItsCheckpointAndItsPointersIsRepairedFromTheCheckpoint() throws IOException {
    TrainingDirectory killed = saved(dir.resolve("killed"), 2);
    TrainingDirectory straight = saved(dir.resolve("straight"), 3);
    Path checkpoints = killed.root().resolve("checkpoints");
    assertThat(entries(checkpoints)).containsExactly("epoch-001", "epoch-002", "latest.json");
    copy(straight.root().resolve("checkpoints/epoch-003"), checkpoints.resolve("epoch-003"));
    Files.createDirectories(checkpoints.resolve(".epoch-004.partial-123"));
    Files.writeString(checkpoints.resolve(".epoch-004.partial-123/network.json"), "{");
    Files.writeString(killed.root().resolve(".best.json.456.tmp"), "{");

    assertThatThrownBy(killed::bestNetwork).isInstanceOf(IOException.class)
        .hasMessageContaining("best.json names epoch-001")
        .hasMessageContaining("records epoch-003 as the best")
        .hasMessageContaining("'spikebridge train --out " + killed.root() + " --resume'");

    assertThat(killed.recover()).isTrue();
    assertThat(entries(killed.root())).containsExactly("best.json", "checkpoints", "metrics.jsonl");
    assertThat(entries(checkpoints)).containsExactly("epoch-003", "latest.json");
    assertThat(killed.root().resolve("best.json")).content().contains("\"epoch-003\"");
    assertThat(killed.root().resolve("metrics.jsonl"))
        .hasSameTextualContentAs(straight.root().resolve("metrics.jsonl"));
    assertThat(Files.readAllLines(killed.root().resolve("metrics.jsonl"))).hasSize(3);
    assertThat(killed.latestState()).isEqualTo(state(3));
    assertThat(killed.bestNetwork()).isEqualTo(straight.bestNetwork());
  }

  /** Killed after latest.json named epoch 3 (the best), before best.json followed. */
  @Test
  void aStaleBestJsonIsRefusedByReadersAndRewrittenByRecover() throws IOException {
    TrainingDirectory killed = saved(dir, 3);
    Files.writeString(dir.resolve("best.json"), "{\"folder\": \"epoch-002\"}");
    Files.writeString(dir.resolve("metrics.jsonl"), "");
    assertThatThrownBy(killed::bestNetwork).hasMessageContaining("best.json names epoch-002");

    assertThat(killed.recover()).isTrue();
    assertThat(dir.resolve("best.json")).content().contains("\"epoch-003\"");
    assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).hasSize(3);
    assertThat(killed.bestNetwork()).isEqualTo(killed.latestNetwork());
  }

  /** Killed in its first epoch: nothing to resume, and nothing left that a new run would trip on. */
  @Test
  void withoutACompleteCheckpointRecoverRemovesTheLeftoversAndSaysSo() throws IOException {
    Path partial = Files.createDirectories(dir.resolve("checkpoints/.epoch-001.partial-7"));
    Files.writeString(partial.resolve("weights.safetensors"), "half");
    TrainingDirectory directory = new TrainingDirectory(dir);
    assertThat(directory.recover()).isFalse();
    assertThat(entries(dir)).isEmpty();
    assertThat(new TrainingDirectory(dir.resolve("absent")).recover()).isFalse();
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String name : entries(from)) {
      Files.copy(from.resolve(name), to.resolve(name));
    }
  }
}
