package org.spikebridge.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.fuzz.FuzzCampaign;
import org.spikebridge.fuzz.FuzzNetworks;
import org.spikebridge.fuzz.Mutations;
import org.spikebridge.fuzz.SeedFiles;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Mutated run folders — a training run's checkpoints and pointers (latest.json, best.json,
 * state.json, optimizer.safetensors, the network folders) and a stage-2 run's best.json and
 * candidates — are refused with an exception naming a file, or read into a state a resume can
 * use and networks that run.
 */
@Tag("fuzz")
class RunFoldersFuzzTest {
  @TempDir Path tmp;

  /** What a resume reads from a training run. */
  private record Resume(TrainingState state, Network latest, Map<String, Tensor> optimizer,
      Network best) {}

  /** What convert reads from a stage-2 run. */
  private record Tuned(TuneDirectory.Pick pick, Path folder, Network best) {}

  @Test
  void trainingRuns() throws IOException {
    Network network = FuzzNetworks.small().get(0);
    TrainingConfig config = new TrainingConfig("fuzz-mlp", "fashion-mnist", Activation.RATE_NORM,
        3, 8, TrainingConfig.OptimizerKind.SGD, 0.1, 0.9, 1e-4, LearningRateSchedule.Kind.STEP, 1,
        0.5, 10, 0, false, 7, 0);
    EpochMetrics first = new EpochMetrics(1, 0.1, 2.0, 40, 50, 45, 1.5, 100);
    EpochMetrics second = new EpochMetrics(2, 0.05, 1.5, 60, Double.NaN, 55, 1.4, 110);
    Path run = tmp.resolve("seed");
    TrainingDirectory directory = new TrainingDirectory(run);
    Map<String, Tensor> momentum = Map.of("fc1.weight.momentum",
        new Tensor(TensorShape.of(8, 16), new float[128]));
    directory.save(new TrainingState(1, config, 1, 50, List.of(first)), network, momentum);
    directory.save(new TrainingState(2, config, 1, 50, List.of(first, second)), network, momentum);
    Map<String, byte[]> files = SeedFiles.read(run);
    files.remove("metrics.jsonl");
    FuzzCampaign.of("training run", folder -> {
      TrainingDirectory d = new TrainingDirectory(folder);
      return new Resume(d.latestState(), d.latestNetwork(), d.latestOptimizerState(),
          d.bestNetwork());
    })
        .mutate(".json", Mutations.json())
        .mutate(".safetensors", Mutations.lengthPrefixedJson())
        .fixUp(FuzzNetworks.manifestChecksums())
        .allow(FileFormatException.class)
        .check((resume, folder) -> {
          checkState(resume.state());
          FuzzNetworks.check(resume.latest());
          FuzzNetworks.check(resume.best());
          resume.optimizer().values().forEach(t -> Objects.requireNonNull(t.data()));
        })
        .seed("two epochs", files)
        .run(tmp);
  }

  /** A state a resume can continue from: a valid config and one history entry per epoch. */
  private static void checkState(TrainingState s) {
    TrainingConfig c = s.config();
    if (c == null || c.model() == null || c.dataset() == null || c.activation() == null
        || c.optimizer() == null || c.schedule() == null) {
      throw new AssertionError("incomplete config " + c);
    }
    if (s.epoch() < 1 || s.history().size() != s.epoch() || s.bestEpoch() < 1
        || s.bestEpoch() > s.epoch()) {
      throw new AssertionError("epoch " + s.epoch() + ", best epoch " + s.bestEpoch() + ", "
          + s.history().size() + " epochs of history");
    }
  }

  @Test
  void tuneRuns() throws IOException {
    Path run = tmp.resolve("seed");
    TuneDirectory directory = new TuneDirectory(run);
    List<Network> networks = FuzzNetworks.small();
    StageTwoTraining.Measurement m1 = new StageTwoTraining.Measurement(50, 1, List.of(0.9), 80, 2.5,
        true, null);
    StageTwoTraining.Measurement m2 = new StageTwoTraining.Measurement(100, 1, List.of(0.9, 0.8),
        82, 2.25, true, null);
    String best = directory.saveCandidate(m2, networks.get(1));
    directory.saveCandidate(m1, networks.get(0));
    directory.writePick(new TuneDirectory.Pick(best, 100, 1, List.of(0.9, 0.8), 82, 2.25, true,
        83, 1));
    FuzzCampaign.of("tune run", folder -> {
      TuneDirectory d = new TuneDirectory(folder);
      return new Tuned(d.pick(), d.bestFolder(), d.bestNetwork());
    })
        .mutate(".json", Mutations.json())
        .mutate(".safetensors", Mutations.lengthPrefixedJson())
        .fixUp(FuzzNetworks.manifestChecksums())
        .allow(FileFormatException.class)
        .check((tuned, folder) -> {
          TuneDirectory.Pick pick = tuned.pick();
          if (pick.folder() == null || pick.p() == null || pick.p().stream().anyMatch(Objects::isNull)
              || !tuned.folder().startsWith(folder)) {
            throw new AssertionError(pick + " in " + tuned.folder());
          }
          FuzzNetworks.check(tuned.best());
        })
        .seed("two candidates", SeedFiles.read(run))
        .run(tmp);
  }
}
