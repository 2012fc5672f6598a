package org.spikebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir
  Path dir;

  @Test
  void aFolderGoesWithEverythingInItButNotWhatItsLinksPointTo() throws IOException {
    Path kept = Files.writeString(Files.createDirectories(dir.resolve("kept")).resolve("a.txt"), "a");
    Path tree = Files.createDirectories(dir.resolve("tree/b/c"));
    Files.writeString(tree.resolve("d.txt"), "d");
    Files.writeString(dir.resolve("tree/e.txt"), "e");
    Files.createSymbolicLink(dir.resolve("tree/b/link"), dir.resolve("kept"));

    FileTrees.deleteRecursively(dir.resolve("tree"));

    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(kept).hasContent("a");
  }

  @Test
  void aFileGoesAndNothingHappensForAnAbsentPath() throws IOException {
    Path file = Files.writeString(dir.resolve("f.txt"), "f");
    FileTrees.deleteRecursively(file);
    FileTrees.deleteRecursively(dir.resolve("absent"));
    assertThat(file).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }
}
