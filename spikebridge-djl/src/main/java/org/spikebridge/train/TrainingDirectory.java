package org.spikebridge.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.FileTrees;
import org.spikebridge.files.HaltPoints;
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
 * previous checkpoint intact, and only folders that are neither latest nor best are deleted. The
 * newest complete epoch folder is the truth: its state records the best epoch and every epoch's
 * metrics, from which {@link #recover} rewrites the pointers and metrics.jsonl that a kill left
 * behind it; {@link #bestNetwork} refuses a folder where they disagree.
 */
public final class TrainingDirectory {
  /**
   * The {@link HaltPoints} point after an epoch's checkpoint folder and latest.json are in place,
   * before best.json and metrics.jsonl follow.
   */
  public static final String CHECKPOINTED = "train.checkpoint";
  private static final String LATEST = "latest.json";
  private static final String BEST = "best.json";
  private static final String STATE = "state.json";
  private static final String OPTIMIZER = "optimizer.safetensors";
  private static final String METRICS = "metrics.jsonl";
  private static final Pattern EPOCH_FOLDER = Pattern.compile("epoch-\\d+");
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
    String name = folderName(state.epoch());
    Path partial = Files.createTempDirectory(createdCheckpoints(), "." + name + ".partial-");
    NetworkFiles.save(network, partial);
    SafeTensors.write(partial.resolve(OPTIMIZER), optimizerState, Map.of());
    AtomicFiles.writeString(partial.resolve(STATE), JSON.writeValueAsString(state));
    Path folder = checkpoints().resolve(name);
    FileTrees.deleteRecursively(folder);
    Files.move(partial, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.writeString(checkpoints().resolve(LATEST), JSON.writeValueAsString(new Pointer(name)));
    HaltPoints.reached(CHECKPOINTED);
    writeSummary(state);
    prune(kept(folder, state));
  }

  /**
   * Brings the folder of a killed run back to what the run would have left had it stopped after
   * its newest complete checkpoint: latest.json names that checkpoint, best.json the best epoch its
   * state records, metrics.jsonl has one line per epoch of its history; temporary files and the
   * folders of unfinished or half-deleted checkpoints are removed (and checkpoints/ itself when
   * that leaves it empty). Returns whether there is a checkpoint to resume from.
   */
  public boolean recover() throws IOException {
    if (!Files.isDirectory(checkpoints())) {
      return false;
    }
    AtomicFiles.removeLeftovers(root);
    AtomicFiles.removeLeftovers(checkpoints());
    Optional<Path> newest = newestCheckpoint();
    if (newest.isEmpty()) {
      prune(Set.of());
      if (isEmpty(checkpoints())) {
        Files.delete(checkpoints());
      }
      return false;
    }
    TrainingState state = state(newest.get());
    String name = newest.get().getFileName().toString();
    AtomicFiles.writeString(checkpoints().resolve(LATEST), JSON.writeValueAsString(new Pointer(name)));
    writeSummary(state);
    prune(kept(newest.get(), state));
    return true;
  }

  /** best.json and metrics.jsonl as {@code state} records them. */
  private void writeSummary(TrainingState state) throws IOException {
    AtomicFiles.writeString(root.resolve(BEST),
        JSON.writeValueAsString(new Pointer(folderName(state.bestEpoch()))));
    StringBuilder lines = new StringBuilder();
    for (EpochMetrics m : state.history()) {
      lines.append(JSON_LINE.writeValueAsString(m)).append('\n');
    }
    AtomicFiles.writeString(root.resolve(METRICS), lines.toString());
  }

  /**
   * The state of the newest complete checkpoint, checked as a resume needs it: a complete config,
   * one history entry per completed epoch, and a best epoch among them.
   */
  public TrainingState latestState() throws IOException {
    return state(latestFolder());
  }

  /**
   * The state saved in checkpoint {@code folder}, checked as a resume needs it: a complete config,
   * one history entry per completed epoch, and a best epoch among them.
   */
  private static TrainingState state(Path folder) throws IOException {
    Path file = folder.resolve(STATE);
    TrainingState s = JsonFields.readValue(file, JSON, TrainingState.class,
        "the state of a training run after an epoch");
    TrainingConfig c = s.config();
    require(file, "config", c);
    require(file, "config.model", c.model());
    require(file, "config.dataset", c.dataset());
    require(file, "config.activation", c.activation());
    require(file, "config.optimizer", c.optimizer());
    require(file, "config.schedule", c.schedule());
    require(file, "history", s.history());
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

  /**
   * The best network by validation accuracy (the newest when the run has no validation split); an
   * exception naming the fix when a kill left best.json or latest.json behind the newest checkpoint.
   */
  public Network bestNetwork() throws IOException {
    Path best = pointed(root.resolve(BEST));
    Optional<Path> newest = newestCheckpoint();
    if (newest.isPresent()) {
      Path recorded = checkpoints().resolve(folderName(state(newest.get()).bestEpoch()));
      String stale = !best.equals(recorded) ? BEST + " names " + best.getFileName()
          : !newest.get().equals(latestFolder()) ? "checkpoints/" + LATEST + " names "
              + latestFolder().getFileName() : null;
      if (stale != null) {
        throw new IOException(root + " was stopped while saving a checkpoint: " + stale
            + ", but the newest checkpoint, " + newest.get().getFileName() + ", records "
            + recorded.getFileName() + " as the best; 'spikebridge train --out " + root
            + " --resume' repairs it");
      }
    }
    return NetworkFiles.load(best);
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

  /** The folders pruning keeps: {@code latest} and that of the best epoch {@code state} records. */
  private Set<Path> kept(Path latest, TrainingState state) {
    return Set.copyOf(List.of(latest, checkpoints().resolve(folderName(state.bestEpoch()))));
  }

  /** Deletes the checkpoint folders but those in {@code keep}, and partial folders of killed runs. */
  private void prune(Set<Path> keep) throws IOException {
    try (Stream<Path> folders = Files.list(checkpoints())) {
      for (Path p : folders.filter(Files::isDirectory).toList()) {
        if (!keep.contains(p)) {
          FileTrees.deleteRecursively(p);
        }
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * The newest epoch folder with all its files. A folder is renamed into place only when complete,
   * and pruning deletes weights.safetensors first (reverse name order), so a half-deleted one is
   * never taken for complete.
   */
  private Optional<Path> newestCheckpoint() throws IOException {
    if (!Files.isDirectory(checkpoints())) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(checkpoints())) {
      return folders.filter(p -> EPOCH_FOLDER.matcher(p.getFileName().toString()).matches())
          .filter(p -> Stream.of(NetworkFiles.MANIFEST, NetworkFiles.WEIGHTS, OPTIMIZER, STATE)
              .allMatch(f -> Files.isRegularFile(p.resolve(f))))
          .max(Comparator.comparingInt(TrainingDirectory::epochOf));
    }
  }

  /** The epoch of a folder named {@code epoch-NNN}. */
  private static int epochOf(Path folder) {
    return Integer.parseInt(folder.getFileName().toString().substring("epoch-".length()));
  }

  private static String folderName(int epoch) {
    return String.format("epoch-%03d", epoch);
  }

}
