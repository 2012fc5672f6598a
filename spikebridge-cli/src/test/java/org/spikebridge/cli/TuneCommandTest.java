package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spikebridge.cli.CliRun.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.cli.CliRun.Result;
import org.spikebridge.files.HaltPoints;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.ModelZoo;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.train.StageTwoTraining;
import org.spikebridge.train.TrainableNetwork;
import org.spikebridge.train.TuneDirectory;

class TuneCommandTest {
  @TempDir
  static Path shared;
  static Path data;
  static Path stageOne;

  @TempDir
  Path dir;

  /** A tune run of the stage-1 network, never interrupted, and what it printed. */
  static Path tuned;
  static Result tunedRun;

  @BeforeAll
  static void trainStageOneAndTuneIt() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 1000, 100);
    stageOne = shared.resolve("stage1");
    Result r = run("train", "--dataset", "fashion-mnist", "--data-dir", data.toString(),
        "--epochs", "1", "--batch-size", "32", "--validation-size", "200", "--seed", "7",
        "--out", stageOne.toString());
    assertThat(r.code()).as(r.err()).isZero();
    tuned = shared.resolve("tuned");
    tunedRun = run(tuneArgs(tuned).toArray(String[]::new));
  }

  private static List<String> tuneArgs(Path out) {
    return List.of("tune", "--checkpoint", stageOne.toString(), "--lambda", "1", "--init", "3",
        "--lr", "0.01", "--batch-size", "50", "--eval-every", "8", "--acc-tolerance", "100",
        "--out", out.toString());
  }

  @Test
  void tuneWritesCandidatesAndPrintsTheTradeOff() throws IOException {
    Path out = tuned;
    Result r = tunedRun;
    assertThat(r.code()).as(r.err()).isZero();
    // dataset, data folder, validation size (200) and seed come from the stage-1 provenance
    assertThat(r.out()).contains("800 training, 200 validation images").contains("mean Ω")
        .contains("pick (lowest mean Ω within tolerance)");
    // 800 / 50 = 16 iterations: measured at 0, 8 and 16, all within a 100-point tolerance
    List<String> rows = Files.readAllLines(out.resolve(TuneDirectory.CANDIDATES_CSV));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1)).startsWith("0,1.00000,0.952574,");
    TuneDirectory tuned = new TuneDirectory(out);
    assertThat(Files.exists(tuned.bestFolder().resolve(NetworkFiles.MANIFEST))).isTrue();
    Map<String, String> settings = tuned.bestNetwork().provenance().settings();
    assertThat(settings).containsEntry("stage", "2").containsEntry("stage1.stage", "1")
        .containsEntry("sharing", "shared").containsEntry("lr", "0.01");
    // convert takes the tune run folder and converts its pick
    Path snn = dir.resolve("snn");
    Result converted = run("convert", "--checkpoint", out.toString(), "--method", "rnl", "--out",
        snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    assertThat(NetworkFiles.load(snn).provenance().settings()).containsEntry("stage", "2");

    Result again = run("tune", "--checkpoint", stageOne.toString(), "--out", out.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("not an empty folder").doesNotContain("Exception");
  }

  /**
   * A tune run halted after its second measurement (iteration 8 of 16), as SIGKILL would stop it,
   * with paths relative to its working directory, and resumed from another with only --out and
   * --resume, ends with the files of the uninterrupted run: the same tables, pick and picked
   * network.
   */
  @Test
  void aHaltedTuneResumesToTheFilesOfAnUninterruptedRun() throws Exception {
    Path killed = dir.resolve("killed");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    List<String> args = new ArrayList<>(tuneArgs(elsewhere.relativize(killed)));
    args.set(args.indexOf("--checkpoint") + 1, elsewhere.relativize(stageOne).toString());
    assertThat(HaltedCli.run(elsewhere, dir.resolve("killed.log"), StageTwoTraining.MEASURED + ":2",
        args)).isEqualTo(HaltPoints.EXIT_CODE);
    assertThat(Files.readAllLines(killed.resolve(TuneDirectory.EVALUATIONS_CSV))).hasSize(3);
    assertThat(new TuneDirectory(killed).isFinished()).isFalse();

    Result resumed = run("tune", "--out", killed.toString(), "--resume");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming " + killed).contains("pick (lowest mean Ω");
    for (String file : List.of(TuneDirectory.CANDIDATES_CSV, TuneDirectory.EVALUATIONS_CSV,
        TuneDirectory.BEST, TuneDirectory.PROGRESS)) {
      assertThat(killed.resolve(file)).as(file).hasSameTextualContentAs(tuned.resolve(file));
    }
    assertThat(new TuneDirectory(killed).bestNetwork().parameters())
        .isEqualTo(new TuneDirectory(tuned).bestNetwork().parameters());

    Result again = run("tune", "--out", killed.toString(), "--resume");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("pick (lowest mean Ω");
  }

  @Test
  void resumeNeedsAFolderStartedByTuneAndANewRunACheckpoint() {
    Result nothing = run("tune", "--out", dir.resolve("none").toString(), "--resume");
    assertThat(nothing.code()).isEqualTo(1);
    assertThat(nothing.err().strip()).contains("holds no command.json").doesNotContain("\n");
    Result noCheckpoint = run("tune", "--out", dir.resolve("new").toString());
    assertThat(noCheckpoint.code()).isEqualTo(1);
    assertThat(noCheckpoint.err().strip()).contains("--checkpoint is needed").doesNotContain("\n");
    assertThat(dir.resolve("none")).doesNotExist();
    assertThat(dir.resolve("new")).doesNotExist();
  }

  /**
   * A network trained with --levels is tuned from its own p′ (shared, as by default) and its SNN
   * starts from θ/2; an --init, which would restart p′, is refused in one line with nothing written.
   */
  @Test
  void aQuantizedNetworkIsTunedPerLayerFromItsOwnScales() throws IOException {
    Path quantized = dir.resolve("q8");
    Result trained = run("train", "--dataset", "fashion-mnist", "--data-dir", data.toString(),
        "--epochs", "1", "--batch-size", "32", "--validation-size", "200", "--seed", "7",
        "--levels", "8", "--out", quantized.toString());
    assertThat(trained.code()).as(trained.err()).isZero();

    Path out = dir.resolve("tuned");
    Result r = run("tune", "--checkpoint", quantized.toString(), "--lr", "0.01", "--batch-size",
        "50", "--eval-every", "8", "--acc-tolerance", "100", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("init stage 1's,");
    // iteration 0 has stage 1's p = sigmoid(0) = 1/2 (stage 1 does not train p), not the 0.952574
    // of --init 3
    assertThat(Files.readAllLines(out.resolve(TuneDirectory.CANDIDATES_CSV)).get(1))
        .startsWith("0,1.00000,0.500000,");
    assertThat(new TuneDirectory(out).bestNetwork().provenance().settings())
        .containsEntry("sharing", "shared").containsEntry("init", "stage 1");

    // convert records v(0) = θ/2, which simulate starts from unless told otherwise
    Path snn = dir.resolve("snn");
    Result converted = run("convert", "--checkpoint", out.toString(), "--method", "rnl", "--out",
        snn.toString());
    assertThat(converted.code()).as(converted.err()).isZero();
    assertThat(converted.out()).contains("simulate starts it from v(0) = θ/2");
    for (String given : List.of("", "zero")) {
      Path sim = dir.resolve("sim-" + given);
      List<String> args = new java.util.ArrayList<>(List.of("simulate", "--snn", snn.toString(),
          "--data-dir", data.toString(), "--timesteps", "4", "--limit", "20", "--out", sim.toString()));
      if (!given.isEmpty()) {
        args.addAll(List.of("--initial-membrane", given));
      }
      Result simulated = run(args.toArray(String[]::new));
      assertThat(simulated.code()).as(simulated.err()).isZero();
      assertThat(Files.readString(sim.resolve("metrics.json"))).as(given)
          .contains(given.isEmpty() ? "initialMembrane=HALF_THRESHOLD" : "initialMembrane=ZERO");
    }

    Result restarted = run("tune", "--checkpoint", quantized.toString(), "--init", "3",
        "--out", dir.resolve("restarted").toString());
    assertThat(restarted.code()).isEqualTo(1);
    assertThat(restarted.err().strip()).contains("'rnl1' is quantized to 8 levels")
        .contains("drop --init").doesNotContain("\n");
    assertThat(dir.resolve("restarted")).doesNotExist();
  }

  @Test
  void aReluNetworkIsRefusedInOneLine() throws IOException {
    Path relu = dir.resolve("relu");
    try (NDManager manager = NDManager.newBaseManager();
        TrainableNetwork network = TrainableNetwork.initialize(
            ModelZoo.cnn7(TensorShape.of(1, 28, 28), 10, Activation.RELU), 1, manager)) {
      NetworkFiles.save(network.toNetwork(new Provenance("fashion-mnist", 1, "test", Map.of(), Map.of())), relu);
    }
    Result r = run("tune", "--checkpoint", relu.toString(), "--data-dir", data.toString(),
        "--out", dir.resolve("out").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).contains("without Rate Norm Layers").doesNotContain("\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
