package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikebridge.files.FileFormatException;

/** A run's best.json is followed only into a folder of the run, and a bad one is named in one line. */
class RunPointerTest {
  @TempDir
  Path root;

  @ParameterizedTest
  @ValueSource(strings = {"{}", "null", "{\"folder\": null}", "{\"folder\": \"\"}", "{\"folder\": 3}",
      "{\"folder\": \"../elsewhere\"}", "{\"folder\": \"/etc\"}", "{\"folder\": \"a/../..\"}", "{\"folder\": \".\"}"})
  void aPointerWithoutAFolderInsideTheRunIsRefusedNamingIt(String json) throws IOException {
    Path best = Files.writeString(root.resolve("best.json"), json);
    assertThatThrownBy(() -> RunPointer.folder(best, root)).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(best.toString()).hasMessageContaining("folder");
    assertThatThrownBy(() -> new TuneDirectory(root).bestNetwork())
        .isInstanceOf(FileFormatException.class).hasMessageContaining("best.json");
    Files.createDirectories(root.resolve("checkpoints"));
    Files.writeString(root.resolve("checkpoints/latest.json"), json);
    Files.copy(best, root.resolve("best.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> new TrainingDirectory(root).bestNetwork())
        .isInstanceOf(FileFormatException.class).hasMessageContaining("best.json");
  }

  @Test
  void aFolderInsideTheRunIsResolved() throws IOException {
    Path best = Files.writeString(root.resolve("best.json"), "{\"folder\": \"candidates/c1\"}");
    assertThat(RunPointer.folder(best, root)).isEqualTo(root.resolve("candidates").resolve("c1"));
  }

  @Test
  void notJsonIsNamed() throws IOException {
    Path best = Files.writeString(root.resolve("best.json"), "{\"folder\": ");
    assertThatThrownBy(() -> RunPointer.folder(best, root)).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(best.toString()).hasMessageContaining("a JSON object");
  }

  /** Found by the fuzzer: a NUL in the folder's name escaped as an InvalidPathException. */
  @Test
  void aFolderNameThatCannotBeAPathIsNamed() throws IOException {
    Path best = Files.writeString(root.resolve("best.json"), "{\"folder\": \"a\\u0000b\"}");
    assertThatThrownBy(() -> RunPointer.folder(best, root)).isInstanceOf(FileFormatException.class)
        .hasMessage(best + ": folder: expected the name of a folder inside " + root
            + ", found \"a\\u0000b\"");
  }

  /** Found by the fuzzer: bytes that Jackson takes for UTF-32 failed without naming the file. */
  @Test
  void bytesThatLookLikeUtf32AreNamed() throws IOException {
    Path best = Files.write(root.resolve("best.json"), new byte[] {0, 0, 0, '{', 0x20, 0x1f, 0x22,
        0x66});
    assertThatThrownBy(() -> RunPointer.folder(best, root)).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(best + ": file: expected a JSON object, found Invalid UTF-32");
  }
}
