package org.spikebridge.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.JsonFields;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.network.file.SafeTensors;

/**
 * The output folder of a training run:
 *
 * <pre>
 *   checkpoints/epoch-NNN/   network.json, weights.safetensors, optimizer.safetensors, state.json
 *   checkpoints/latest.json  which epoch folder is the newest complete checkpoint
 *   best.json                which epoch folder holds the best model by validation accuracy
 *   metrics.jsonl            one line of {@link EpochMetrics} per completed epoch
 * </pre>
 *
 * An epoch folder is written under a temporary name and renamed when complete; the pointers and the
 * metrics are replaced atomically afterwards. A run killed at any moment therefore leaves the
 * previous checkpoint intact, and only folders that are neither latest nor best are deleted.
 */
public final class TrainingDirectory {
  private static final String LATEST = "latest.json";
  private static final String BEST = "best.json";
  private static final String STATE = "state.json";
  private static final String OPTIMIZER = "optimizer.safetensors";
  private static final ObjectMapper JSON_LINE = new ObjectMapper();
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT).enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  private final Path root;

  /** The run folder {@code root} (created when the first checkpoint is written). */
  public TrainingDirectory(Path root) {
    this.root = root;
  }

  /** The run folder. */
  public Path root() {
    return root;
  }

  /** Whether a complete checkpoint exists to resume from. */
  public boolean hasCheckpoint() {
    return Files.exists(checkpoints().resolve(LATEST));
  }

  /** A pointer file's content. */
  private record Pointer(String folder) {}

  /** Saves the state after {@code state.epoch()}: network, optimizer state, metrics, pointers. */
  public void save(TrainingState state, Network network, Map<String, Tensor> optimizerState)
      throws IOException {
    String name = String.format("epoch-%03d", state.epoch());
    Path partial = Files.createTempDirectory(createdCheckpoints(), "." + name + ".partial-");
    NetworkFiles.save(network, partial);
    SafeTensors.write(partial.resolve(OPTIMIZER), optimizerState, Map.of());
    AtomicFiles.writeString(partial.resolve(STATE), JSON.writeValueAsString(state));
    Path folder = checkpoints().resolve(name);
    deleteRecursively(folder);
    Files.move(partial, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.writeString(checkpoints().resolve(LATEST), JSON.writeValueAsString(new Pointer(name)));
    if (state.bestEpoch() == state.epoch()) {
      AtomicFiles.writeString(root.resolve(BEST), JSON.writeValueAsString(new Pointer(name)));
    }
    StringBuilder lines = new StringBuilder();
    for (EpochMetrics m : state.history()) {
      lines.append(JSON_LINE.writeValueAsString(m)).append('\n');
    }
    AtomicFiles.writeString(root.resolve("metrics.jsonl"), lines.toString());
    prune();
  }

  /**
   * The state of the newest complete checkpoint, checked as a resume needs it: a complete config,
   * one history entry per completed epoch, and a best epoch among them.
   */
  public TrainingState latestState() throws IOException {
    Path file = latestFolder().resolve(STATE);
    TrainingState s = JsonFields.readValue(file, JSON, TrainingState.class,
        "the state of a training run after an epoch");
    TrainingConfig c = s.config();
    require(file, "config", c);
    require(file, "config.model", c.model());
    require(file, "config.dataset", c.dataset());
    require(file, "config.activation", c.activation());
    require(file, "config.optimizer", c.optimizer());
    require(file, "config.schedule", c.schedule());
    if (s.epoch() < 1 || s.history().size() != s.epoch()) {
      throw new FileFormatException(file, "history", "one entry per completed epoch (epoch "
          + s.epoch() + ")", s.history().size() + " entries");
    }
    if (s.bestEpoch() < 1 || s.bestEpoch() > s.epoch()) {
      throw new FileFormatException(file, "bestEpoch", "an epoch from 1 to " + s.epoch(),
          s.bestEpoch());
    }
    return s;
  }

  private static void require(Path file, String field, Object value) throws FileFormatException {
    if (value == null) {
      throw new FileFormatException(file, field, "a value", "none");
    }
  }

  /** The network of the newest complete checkpoint. */
  public Network latestNetwork() throws IOException {
    return NetworkFiles.load(latestFolder());
  }

  /** The optimizer state of the newest complete checkpoint. */
  public Map<String, Tensor> latestOptimizerState() throws IOException {
    return SafeTensors.read(latestFolder().resolve(OPTIMIZER));
  }

  /** The best network by validation accuracy (the newest when the run has no validation split). */
  public Network bestNetwork() throws IOException {
    return NetworkFiles.load(pointed(root.resolve(BEST)));
  }

  private Path latestFolder() throws IOException {
    return pointed(checkpoints().resolve(LATEST));
  }

  private Path pointed(Path pointer) throws IOException {
    if (!Files.exists(pointer)) {
      throw new IOException(pointer + " is missing: " + root + " holds no completed training epoch"
          + " (was it written by 'spikebridge train'?)");
    }
    return RunPointer.folder(pointer, checkpoints());
  }

  private Path checkpoints() {
    return root.resolve("checkpoints");
  }

  private Path createdCheckpoints() throws IOException {
    return Files.createDirectories(checkpoints());
  }

  /** Deletes epoch folders other than latest and best, and partial folders of killed runs. */
  private void prune() throws IOException {
    Path latest = latestFolder();
    Path best = Files.exists(root.resolve(BEST)) ? pointed(root.resolve(BEST)) : latest;
    try (Stream<Path> folders = Files.list(checkpoints())) {
      for (Path p : folders.filter(Files::isDirectory).toList()) {
        if (!p.equals(latest) && !p.equals(best)) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
