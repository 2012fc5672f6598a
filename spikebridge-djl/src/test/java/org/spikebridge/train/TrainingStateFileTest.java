package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzNetworks;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/**
 * The state a resume reads back: what the fuzzer found a state.json could hold that a resume
 * cannot continue from is refused in one line naming the file and the field.
 */
class TrainingStateFileTest {
  private static final EpochMetrics FIRST = new EpochMetrics(1, 0.1, 2, 40, 50, 45, 1.5, 100);

  @TempDir Path root;

  private static TrainingConfig config(String dataset) {
    return new TrainingConfig("fuzz-mlp", dataset, Activation.RATE_NORM, 3, 8,
        TrainingConfig.OptimizerKind.SGD, 0.1, 0.9, 1e-4, LearningRateSchedule.Kind.STEP, 1, 0.5,
        10, 0, false, 7, 0);
  }

  /** Saves {@code state} as the latest checkpoint; returns its state.json. */
  private Path saved(TrainingState state) throws IOException {
    new TrainingDirectory(root).save(state, FuzzNetworks.small().get(0), Map.of());
    return root.resolve(String.format("checkpoints/epoch-%03d/state.json", state.epoch()));
  }

  @Test
  void aConsistentStateReadsBack() throws IOException {
    TrainingState state = new TrainingState(1, config("mnist"), 1, 50, List.of(FIRST));
    saved(state);
    assertThat(new TrainingDirectory(root).latestState()).isEqualTo(state);
  }

  @Test
  void aHistoryThatDisagreesWithTheEpochIsNamed() throws IOException {
    Path file = saved(new TrainingState(2, config("mnist"), 1, 50, List.of(FIRST)));
    assertThatThrownBy(() -> new TrainingDirectory(root).latestState())
        .isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": history: expected one entry per completed epoch (epoch 2), found 1 "
            + "entries");
  }

  @Test
  void aBestEpochOutsideTheHistoryIsNamed() throws IOException {
    Path file = saved(new TrainingState(1, config("mnist"), 3, 50, List.of(FIRST)));
    assertThatThrownBy(() -> new TrainingDirectory(root).latestState())
        .isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": bestEpoch: expected an epoch from 1 to 1, found 3");
  }

  @Test
  void aConfigWithoutDatasetIsNamed() throws IOException {
    Path file = saved(new TrainingState(1, config(null), 1, 50, List.of(FIRST)));
    assertThatThrownBy(() -> new TrainingDirectory(root).latestState())
        .isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": config.dataset: expected a value, found none");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() throws IOException {
    Path file = saved(new TrainingState(1, config("mnist"), 1, 50, List.of(FIRST)));
    Files.writeString(file, Files.readString(file).replace("\"batchSize\" : 8", "\"batchSize\" : {}"));
    assertThatThrownBy(() -> new TrainingDirectory(root).latestState())
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(file + ": config.batchSize: expected the state of a training run "
            + "after an epoch, found Cannot deserialize value of type `int`");
  }
}
