package org.spikebridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFolderTest {
  @TempDir Path tmp;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theTargetAppearsOnlyAtCommitAndComplete() throws IOException {
    Path runs = tmp.resolve("runs");
    Path target = runs.resolve("out");
    StagedFolder staged = StagedFolder.create(target);
    assertThat(staged.path()).isEqualTo(runs.resolve(".out.partial").toAbsolutePath());
    assertThat(StagedFolder.stagingPath(target)).isEqualTo(staged.path());
    AtomicFiles.writeString(staged.path().resolve("a/metrics.json"), "{}");
    assertThat(target).doesNotExist();
    assertThat(names(runs)).containsExactly(".out.partial");

    assertThat(staged.commit()).isEqualTo(target);
    assertThat(names(runs)).containsExactly("out");
    assertThat(Files.readString(target.resolve("a/metrics.json"))).isEqualTo("{}");
    staged.close();
    assertThat(target.resolve("a/metrics.json")).exists();
    assertThatThrownBy(staged::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void commitReplacesAnEmptyTargetFolder() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("out"));
    try (StagedFolder staged = StagedFolder.create(target)) {
      AtomicFiles.writeString(staged.path().resolve("report.md"), "# r");
      staged.commit();
    }
    assertThat(names(target)).containsExactly("report.md");
    assertThat(names(tmp)).containsExactly("out");
  }

  @Test
  void refusesATargetThatHoldsSomethingAndWritesNothing() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(target.resolve("mine.txt"), "mine");
    Path file = Files.writeString(tmp.resolve("file"), "a file");
    for (Path t : List.of(target, file)) {
      assertThatThrownBy(() -> StagedFolder.create(t)).isInstanceOf(IOException.class)
          .hasMessage(t + " already exists and is not an empty folder: choose another --out (nothing was written)");
    }
    assertThat(names(tmp)).containsExactly("file", "out");
    assertThat(names(target)).containsExactly("mine.txt");
  }

  @Test
  void theStagingFolderAKilledRunLeftIsRemoved() throws IOException {
    Path target = tmp.resolve("out");
    Path stale = StagedFolder.stagingPath(target);
    Files.writeString(Files.createDirectories(stale.resolve("snn/rnl")).resolve("weights.safetensors"), "half");
    Files.writeString(stale.resolve(".network.json.42.tmp"), "{");

    try (StagedFolder staged = StagedFolder.create(target)) {
      assertThat(names(staged.path())).isEmpty();
      AtomicFiles.writeString(staged.path().resolve("network.json"), "{}");
      staged.commit();
    }
    assertThat(names(target)).containsExactly("network.json");
    assertThat(names(tmp)).containsExactly("out");
  }

  @Test
  void closingWithoutCommitRemovesTheStagingFolder() throws IOException {
    Path target = tmp.resolve("out");
    try (StagedFolder staged = StagedFolder.create(target)) {
      AtomicFiles.writeString(staged.path().resolve("curves.csv"), "t");
    }
    assertThat(names(tmp)).isEmpty();
  }

  @Test
  void aSymbolicLinkAsTargetIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(tmp.resolve("out"), elsewhere);
    assertThatThrownBy(() -> StagedFolder.create(link)).isInstanceOf(IOException.class)
        .hasMessage(link + " is a symbolic link: expected a folder of its own, not a link to " + elsewhere
            + " (nothing was written)");
    assertThat(names(tmp)).containsExactly("elsewhere", "out");
    assertThat(names(elsewhere)).isEmpty();
  }

  /** A linked parent ({@code runs -> disk/runs}) is the user's choice: staging and target land there. */
  @Test
  void aSymbolicLinkAboveTheTargetIsFollowed() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("disk/runs"));
    Path runs = Files.createSymbolicLink(tmp.resolve("runs"), real);
    try (StagedFolder staged = StagedFolder.create(runs.resolve("out"))) {
      AtomicFiles.writeString(staged.path().resolve("metrics.json"), "{}");
      staged.commit();
    }
    assertThat(names(real)).containsExactly("out");
    assertThat(real.resolve("out/metrics.json")).hasContent("{}");
  }

  @Test
  void resumeKeepsTheContentButTheTemporaryFiles() throws IOException {
    Path target = tmp.resolve("demo");
    assertThatThrownBy(() -> StagedFolder.resume(target)).isInstanceOf(IOException.class)
        .hasMessage(target + ": expected the folder " + tmp.resolve(".demo.partial")
            + " of an unfinished run to resume, found none");
    StagedFolder first = StagedFolder.create(target);
    AtomicFiles.writeString(first.path().resolve("snn/rnl/network.json"), "{}");
    Files.writeString(first.path().resolve("snn/rnl/.weights.safetensors.7.tmp"), "half");
    Files.writeString(first.path().resolve(".results.json.8.tmp"), "half");
    // killed here: never committed nor closed

    try (StagedFolder again = StagedFolder.resume(target)) {
      assertThat(again.path()).isEqualTo(first.path());
      assertThat(names(again.path())).containsExactly("snn");
      assertThat(names(again.path().resolve("snn/rnl"))).containsExactly("network.json");
      again.commit();
    }
    assertThat(target.resolve("snn/rnl/network.json")).hasContent("{}");
  }

  @Test
  void replaceSwapsAWholeFolderIn() throws IOException {
    Path plots = Files.createDirectories(tmp.resolve("run/plots"));
    Files.writeString(plots.resolve("old.png"), "old");
    Files.writeString(plots.resolve("accuracy.png"), "old");
    try (StagedFolder staged = StagedFolder.replace(plots)) {
      AtomicFiles.writeString(staged.path().resolve("accuracy.png"), "new");
      assertThat(plots.resolve("old.png")).exists();
      staged.commit();
    }
    assertThat(names(plots)).containsExactly("accuracy.png");
    assertThat(plots.resolve("accuracy.png")).hasContent("new");
    assertThat(names(tmp.resolve("run"))).containsExactly("plots");
  }

  @Test
  void replaceRefusesASymbolicLinkAndWritesNothingThroughIt() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("accuracy.png"), "theirs");
    Path run = Files.createDirectories(tmp.resolve("run"));
    Path link = Files.createSymbolicLink(run.resolve("plots"), elsewhere);
    assertThatThrownBy(() -> StagedFolder.replace(link)).isInstanceOf(IOException.class)
        .hasMessageContaining(link + " is a symbolic link");
    assertThat(names(elsewhere)).containsExactly("accuracy.png");
    assertThat(elsewhere.resolve("accuracy.png")).hasContent("theirs");
    assertThat(names(run)).containsExactly("plots");
  }

  /** New files replace old ones of the same name; old files the new folder lacks go, in any depth. */
  @Test
  void replaceMergesANestedFolderIn() throws IOException {
    Path target = tmp.resolve("run/out");
    Files.createDirectories(target.resolve("sub"));
    Files.writeString(target.resolve("sub/kept.txt"), "old");
    Files.writeString(target.resolve("sub/gone.txt"), "old");
    Files.createDirectories(target.resolve("was-a-folder"));
    Files.writeString(target.resolve("is-a-folder"), "a file");
    try (StagedFolder staged = StagedFolder.replace(target)) {
      AtomicFiles.writeString(staged.path().resolve("sub/kept.txt"), "new");
      AtomicFiles.writeString(staged.path().resolve("was-a-folder"), "now a file");
      AtomicFiles.writeString(staged.path().resolve("is-a-folder/x.txt"), "x");
      staged.commit();
    }
    assertThat(names(target)).containsExactly("is-a-folder", "sub", "was-a-folder");
    assertThat(names(target.resolve("sub"))).containsExactly("kept.txt");
    assertThat(target.resolve("sub/kept.txt")).hasContent("new");
    assertThat(target.resolve("was-a-folder")).hasContent("now a file");
    assertThat(target.resolve("is-a-folder/x.txt")).hasContent("x");
    assertThat(names(tmp.resolve("run"))).containsExactly("out");
  }

  /** Killed during its commit: the next replace removes the staging folder and keeps the target. */
  @Test
  void replaceRemovesTheStagingFolderAKilledCommitLeft() throws IOException {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Path plots = Files.createDirectories(run.resolve("plots"));
    Files.writeString(plots.resolve("accuracy.png"), "new");
    Files.writeString(plots.resolve("power.png"), "old");
    Files.writeString(Files.createDirectories(run.resolve(".plots.partial")).resolve("power.png"), "new");
    try (StagedFolder staged = StagedFolder.replace(plots)) {
      assertThat(names(staged.path())).isEmpty();
      assertThat(names(plots)).containsExactly("accuracy.png", "power.png");
      AtomicFiles.writeString(staged.path().resolve("accuracy.png"), "newer");
      staged.commit();
    }
    assertThat(names(run)).containsExactly("plots");
    assertThat(names(plots)).containsExactly("accuracy.png");
    assertThat(plots.resolve("accuracy.png")).hasContent("newer");
  }
}
