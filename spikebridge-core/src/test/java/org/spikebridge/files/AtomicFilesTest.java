package org.spikebridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** rename(2) replaces a link at the target: the file it pointed to keeps its content. */
  @Test
  void aSymbolicLinkAtTheTargetIsReplacedNotWrittenThrough() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Path link = Files.createSymbolicLink(dir.resolve("report.md"), outside);

    AtomicFiles.writeString(link, "new");

    assertThat(Files.readString(outside)).isEqualTo("keep");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(Files.readString(link)).isEqualTo("new");
  }

  /**
   * A writer killed before its rename leaves {@code .<name>.<digits>.tmp}: that name (recorded
   * while writing) is what {@link AtomicFiles#removeLeftovers} removes on the next run.
   */
  @Test
  void theTemporaryFileAKilledWriterLeavesIsRemovedOnTheNextRun() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    List<String> during = new ArrayList<>();
    assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("metrics.json"), out -> {
      during.addAll(names(dir));
      throw new IOException("killed");
    })).hasMessage("killed");
    assertThat(during).singleElement().asString().matches("\\.metrics\\.json\\.[0-9]+\\.tmp");

    Files.writeString(dir.resolve(during.get(0)), "{\"half");
    AtomicFiles.removeLeftovers(dir);
    assertThat(names(dir)).isEmpty();
  }

  /** Only files named like its own temporary files, only in the folder itself. */
  @Test
  void removeLeftoversDeletesOnlyItsOwnTemporaryFiles() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    List<String> own = List.of(".x.1.tmp", ".weights.safetensors.18446744073709551615.tmp");
    List<String> others = List.of("x.tmp", ".x.tmp", ".x.12a.tmp", "x.1.tmp", "report.md", ".x.1.tmp.bak");
    for (String name : own) {
      Files.writeString(dir.resolve(name), "half");
    }
    for (String name : others) {
      Files.writeString(dir.resolve(name), "mine");
    }
    Files.createDirectories(dir.resolve(".d.2.tmp"));
    Files.writeString(Files.createDirectory(dir.resolve("sub")).resolve(".y.3.tmp"), "deeper");

    AtomicFiles.removeLeftovers(dir);

    List<String> expected = new ArrayList<>(others);
    expected.add(".d.2.tmp");
    expected.add("sub");
    assertThat(names(dir)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(dir.resolve("sub/.y.3.tmp")).exists();
  }

  @Test
  void removeLeftoversInAMissingFolderDoesNothing() throws IOException {
    AtomicFiles.removeLeftovers(tmp.resolve("absent"));
    assertThat(tmp.resolve("absent")).doesNotExist();
  }

  @Test
  void writeLeavesOnlyTheTarget() throws IOException {
    Path dir = tmp.resolve("new/out");
    AtomicFiles.writeString(dir.resolve("a.txt"), "héllo");
    assertThat(names(dir)).containsExactly("a.txt");
    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("héllo");
  }
}
