package org.spikebridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.HaltPoints;
import org.spikebridge.network.Layer;
import org.spikebridge.train.StageOneTraining;
import org.spikebridge.train.TrainingDirectory;

class TrainCommandTest {
  @TempDir
  static Path shared;
  static Path data;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeData() throws IOException {
    data = SyntheticFashionMnist.write(shared.resolve("data"), 3000, 300);
  }

  private static List<String> trainArgs(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "fashion-mnist", "--data-dir",
        data.toString(), "--epochs", "3", "--batch-size", "32", "--validation-size", "300",
        "--seed", "7", "--out", out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  /** Runs the command line in this JVM; returns exit code and standard error. */
  private static Result run(List<String> args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = SpikeBridge.run(args.toArray(String[]::new));
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }

  private record Result(int code, String err) {}

  private static void succeeds(Result result) {
    assertThat(result.code()).as("exit code; standard error: %s", result.err()).isZero();
  }

  /**
   * A run halted in its second epoch (as SIGKILL would stop it), resumed, halted again between its
   * last checkpoint and best.json, and resumed once more, ends with the files of a run that was
   * never interrupted: the same metrics.jsonl (every epoch once), best.json and best network, and no
   * temporary file or partial folder.
   */
  @Test
  void aRunHaltedMidEpochAndBeforeItsLastBestJsonResumesToTheFilesOfAnUninterruptedRun()
      throws Exception {
    Path killed = dir.resolve("killed");
    Path metrics = killed.resolve("metrics.jsonl");
    // 2,700 training images in batches of 32: 85 batches an epoch, so batch 100 is in epoch 2
    assertThat(HaltedCli.run(dir, dir.resolve("first.log"), StageOneTraining.BATCH + ":100",
        trainArgs(killed))).as("halted in epoch 2").isEqualTo(HaltPoints.EXIT_CODE);
    TrainingDirectory afterKill = new TrainingDirectory(killed);
    assertThat(afterKill.latestState().epoch()).isEqualTo(1);
    assertThat(Files.readAllLines(metrics)).hasSize(1);

    // resumed, it trains epochs 2 and 3 and stops when epoch 3's checkpoint is in place
    List<String> resume = List.of("train", "--out", killed.toString(), "--resume");
    assertThat(HaltedCli.run(dir, dir.resolve("second.log"), TrainingDirectory.CHECKPOINTED + ":2",
        resume)).as("halted after epoch 3's checkpoint").isEqualTo(HaltPoints.EXIT_CODE);
    assertThat(afterKill.latestState().epoch()).isEqualTo(3);
    assertThat(Files.readAllLines(metrics)).as("written after the halt point").hasSize(2);

    succeeds(run(resume));
    Path straight = dir.resolve("straight");
    succeeds(run(trainArgs(straight)));

    assertThat(Files.readAllLines(metrics)).hasSize(3)
        .isEqualTo(withoutTimes(Files.readAllLines(straight.resolve("metrics.jsonl")), Files.readAllLines(metrics)));
    assertThat(killed.resolve("best.json")).hasSameTextualContentAs(straight.resolve("best.json"));
    assertThat(new TrainingDirectory(killed).bestNetwork().parameters())
        .isEqualTo(new TrainingDirectory(straight).bestNetwork().parameters());
    try (Stream<Path> files = Files.walk(killed)) {
      assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp") || p.contains(".partial-"));
    }
  }

  /** {@code expected} with the timing fields taken from {@code actual}, which alone may differ. */
  private static List<String> withoutTimes(List<String> expected, List<String> actual) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      out.add(expected.get(i).replaceAll("\"seconds\".*", "")
          + actual.get(i).replaceAll(".*(\"seconds\")", "$1"));
    }
    return out;
  }

  @Test
  void refusesToOverwriteAnExistingRun() throws IOException {
    Path out = dir.resolve("run");
    Files.createDirectories(out);
    Path precious = Files.writeString(out.resolve("notes.txt"), "mine");
    Result result = run(trainArgs(out));
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("already holds files").doesNotContain("Exception").hasLineCount(1);
    assertThat(Files.readString(precious)).isEqualTo("mine");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).containsExactly(precious);
    }
  }

  @Test
  void userErrorsAreOneLineWithoutAStackTrace() {
    Path out = dir.resolve("x");
    Result noCheckpoint = run(List.of("train", "--out", out.toString(), "--resume"));
    assertThat(noCheckpoint.code()).isEqualTo(1);
    assertThat(noCheckpoint.err()).contains("no complete checkpoint").hasLineCount(1);

    Result noDemo = run(List.of("demo", "--resume", "--out", dir.resolve("no-demo").toString()));
    assertThat(noDemo.code()).isEqualTo(1);
    assertThat(noDemo.err()).contains("no-demo").contains("unfinished run to resume").hasLineCount(1);
    assertThat(dir.resolve("no-demo")).doesNotExist();

    Result resumeWithoutOut = run(List.of("train", "--resume"));
    assertThat(resumeWithoutOut.code()).isEqualTo(1);
    assertThat(resumeWithoutOut.err()).contains("--resume needs --out").hasLineCount(1);

    Result unknownModel = run(trainArgs(out, "--model", "resnet1000"));
    assertThat(unknownModel.code()).isEqualTo(1);
    assertThat(unknownModel.err()).contains("unknown model 'resnet1000'").contains("cnn7").hasLineCount(1);

    Result unknownDataset = run(trainArgs(out, "--dataset", "imagenet-22k"));
    assertThat(unknownDataset.code()).isEqualTo(1);
    assertThat(unknownDataset.err()).contains("imagenet-22k").contains("fashion-mnist").hasLineCount(1);

    Result badActivation = run(trainArgs(out, "--activation", "tanh"));
    assertThat(badActivation.code()).isEqualTo(2);
    assertThat(badActivation.err()).contains("tanh");

    assertThat(Files.exists(out)).isFalse();
  }

  /**
   * A quick demo of every method, halted after its second phase (stage 1) as SIGKILL would stop
   * it, then resumed with --resume alone (the newest unfinished demo under runs/): the finished
   * phases are not done again (their checkpoints are untouched) and results.json lists them with
   * the first run's seconds; the report's numbers come from results.json.
   */
  @Test
  void aQuickDemoHaltedAfterStageOneResumesToAReportWhoseNumbersComeFromResultsJson()
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> demoArgs = List.of("demo", "--quick", "--full", "--data-dir", data.toString(),
        "--test-limit", "100", "--timesteps", "16");
    assertThat(HaltedCli.run(work, dir.resolve("demo-killed.log"), PhaseClock.PHASE + ":2", demoArgs))
        .as("halted after phase 2").isEqualTo(HaltPoints.EXIT_CODE);
    List<Path> runs;
    try (Stream<Path> entries = Files.list(work.resolve("runs"))) {
      runs = entries.toList();
    }
    assertThat(runs).hasSize(1);
    Path staging = runs.get(0);
    assertThat(staging.getFileName().toString()).startsWith(".demo-quick-").endsWith(".partial");
    assertThat(staging.resolve("tune")).doesNotExist();
    List<Path> kept = List.of(Path.of("relu", "checkpoints", "epoch-001", "weights.safetensors"),
        Path.of("rnl-q8", "checkpoints", "epoch-001", "weights.safetensors"));
    List<byte[]> bytes = new ArrayList<>();
    List<java.nio.file.attribute.FileTime> times = new ArrayList<>();
    for (Path file : kept) {
      bytes.add(Files.readAllBytes(staging.resolve(file)));
      times.add(Files.getLastModifiedTime(staging.resolve(file)));
    }
    Map<?, ?> logged = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(staging.resolve(DemoCommand.PHASES).toFile(), Map.class);

    Path log = dir.resolve("demo-resumed.log");
    assertThat(HaltedCli.run(work, log, null, List.of("demo", "--resume"))).as("see %s", log).isZero();
    // a phase that runs prints its name on a line of its own first
    assertThat(Files.readAllLines(log)).contains("demo 4/4 converting and simulating 9 methods on 100 "
        + "test images to T = 16").noneMatch(line -> line.matches("demo [12]/4 [^:]*"))
        .anyMatch(line -> line.matches("demo 2/4 .*: done by an earlier run \\(\\d+ s\\)"));
    assertThat(Files.readString(log)).contains("report.md");
    Path demo = work.resolve("runs").resolve(staging.getFileName().toString()
        .replaceAll("^\\.|\\.partial$", ""));
    assertThat(staging).doesNotExist();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(demo.resolve(kept.get(i))).as("%s", kept.get(i)).hasBinaryContent(bytes.get(i));
      assertThat(Files.getLastModifiedTime(demo.resolve(kept.get(i)))).isEqualTo(times.get(i));
    }
    var results = org.spikebridge.report.ResultsFile.read(demo);
    List<?> resumed = (List<?>) results.provenance().get(DemoCommand.RESUMED_PHASES);
    assertThat(resumed).hasSize(2).isEqualTo(List.copyOf(logged.keySet()));
    assertThat(resumed.get(0).toString()).startsWith("1/4");
    assertThat(resumed.get(1).toString()).startsWith("2/4");
    Map<?, ?> seconds = (Map<?, ?>) results.provenance().get("phaseSeconds");
    for (Object phase : resumed) {
      assertThat(seconds.get(phase)).as("the first run's seconds").isEqualTo(logged.get(phase));
    }
    assertThat(results.methods()).extracting(org.spikebridge.report.MethodResult::method)
        .containsExactly("rnl", "rnl+ril", "rnl+ril-clip", "rnl-q8", "rnl+ril-q8", "maxnorm",
            "robustnorm", "scaled", "maxnorm-half");
    String report = Files.readString(demo.resolve("report.md"));
    for (var method : results.methods()) {
      assertThat(report).contains(String.format("| %s | %.2f |", method.method(), method.annAccuracy()));
    }
    assertThat(demo.resolve("plots").resolve("power.png")).exists();
    assertThat(new org.spikebridge.train.TuneDirectory(demo.resolve("tune-clip")).bestNetwork()
        .provenance().settings()).containsEntry("thresholdScaling", "clip_only");
    assertThat(new TrainingDirectory(demo.resolve("rnl-q8")).bestNetwork().architecture().layer("rnl1"))
        .isEqualTo(new Layer.RateNorm("rnl1", List.of("bn1"), 0.1, 8));
    // stage 2 tuned the quantized network's own p′ and kept its levels
    org.spikebridge.network.Network quantizedRil =
        new org.spikebridge.train.TuneDirectory(demo.resolve("tune-q8")).bestNetwork();
    assertThat(quantizedRil.provenance().settings()).containsEntry("init", "stage 1")
        .containsEntry("sharing", "shared");
    assertThat(quantizedRil.architecture().layer("rnl1"))
        .isEqualTo(new Layer.RateNorm("rnl1", List.of("bn1"), 0.1, 8));
    // the quantized methods and maxnorm-half start from θ/2, the others from 0; maxnorm-half is
    // maxnorm's network
    List<String> fromHalf = List.of("rnl-q8", "rnl-ril-q8", "maxnorm-half");
    for (String method : List.of("rnl", "rnl-ril", "rnl-q8", "rnl-ril-q8", "maxnorm", "maxnorm-half")) {
      assertThat(Files.readString(demo.resolve("simulations").resolve(method).resolve("metrics.json")))
          .as(method).satisfies(json -> assertThat(json.contains("HALF_THRESHOLD"))
              .isEqualTo(fromHalf.contains(method)));
    }
    assertThat(demo.resolve("snn/maxnorm-half/weights.safetensors"))
        .hasSameBinaryContentAs(demo.resolve("snn/maxnorm/weights.safetensors"));
  }

  @Test
  void theSavedModelRecordsItsProvenance() throws IOException {
    Path out = dir.resolve("run");
    succeeds(run(trainArgs(out, "--epochs", "1", "--activation", "relu")));
    var network = new TrainingDirectory(out).bestNetwork();
    assertThat(network.provenance().dataset()).isEqualTo("fashion-mnist");
    assertThat(network.provenance().seed()).isEqualTo(7);
    assertThat(network.provenance().settings()).containsEntry("activation", "RELU").containsEntry("epochs", "1");
    assertThat(network.provenance().versions()).containsKeys("spikebridge", "djl", "pytorch", "java");
    assertThat(network.architecture().layers()).noneMatch(l -> l instanceof org.spikebridge.network.Layer.RateNorm);
  }

  @Test
  void aRateNormNetworkFineTunedFromItsReluTwin() throws IOException {
    Path relu = dir.resolve("relu");
    succeeds(run(trainArgs(relu, "--epochs", "1", "--activation", "relu")));
    double reluAccuracy = new TrainingDirectory(relu).latestState().history().get(0).testAccuracy();

    Path rnl = dir.resolve("rnl");
    succeeds(run(trainArgs(rnl, "--epochs", "1", "--lr", "0.001", "--init-from", relu.toString())));
    var state = new TrainingDirectory(rnl).latestState();
    assertThat(state.history().get(0).testAccuracy()).isGreaterThanOrEqualTo(reluAccuracy - 5);
    var network = new TrainingDirectory(rnl).bestNetwork();
    assertThat(network.provenance().settings()).containsEntry("initFrom", relu.toAbsolutePath().toString());
    assertThat(network.parameter("rnl1.running_max").data()[0]).isGreaterThan(0f);

    // a slim twin: the Rate Norm network takes its model and width without being told them again
    // (10 batches each: only the architecture is checked)
    Path slim = dir.resolve("relu-slim");
    succeeds(run(trainArgs(slim, "--epochs", "1", "--activation", "relu", "--width", "0.5",
        "--train-limit", "320")));
    Path slimRnl = dir.resolve("rnl-slim");
    succeeds(run(trainArgs(slimRnl, "--epochs", "1", "--init-from", slim.toString(), "--train-limit", "320")));
    var slimNetwork = new TrainingDirectory(slimRnl).bestNetwork();
    assertThat(slimNetwork.architecture().name()).isEqualTo("cnn7-w0.5");
    assertThat(((Layer.Conv2d) slimNetwork.architecture().layer("conv1")).outChannels()).isEqualTo(16);

    Result wrong = run(trainArgs(dir.resolve("x"), "--activation", "relu", "--init-from", relu.toString()));
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("--init-from").hasLineCount(1);

    Path quantized = dir.resolve("rnl-q4");
    succeeds(run(trainArgs(quantized, "--epochs", "1", "--lr", "0.001", "--init-from",
        relu.toString(), "--levels", "4", "--train-limit", "320")));
    var q = new TrainingDirectory(quantized).bestNetwork();
    assertThat(q.architecture().layers()).filteredOn(l -> l instanceof Layer.RateNorm).hasSize(3)
        .allMatch(l -> ((Layer.RateNorm) l).levels() == 4);
    assertThat(q.provenance().settings()).containsEntry("levels", "4");
    Result resumeWithLevels = run(trainArgs(quantized, "--resume", "--levels", "8"));
    assertThat(resumeWithLevels.code()).isEqualTo(1);
    assertThat(resumeWithLevels.err()).contains("drop --levels").hasLineCount(1);
    assertThat(new TrainingDirectory(quantized).bestNetwork()).isEqualTo(q);
    Result reluLevels = run(trainArgs(dir.resolve("y"), "--activation", "relu", "--levels", "4"));
    assertThat(reluLevels.code()).isEqualTo(1);
    assertThat(reluLevels.err()).contains("--levels").contains("--activation rnl").hasLineCount(1);
    assertThat(dir.resolve("y")).doesNotExist();
  }
}
