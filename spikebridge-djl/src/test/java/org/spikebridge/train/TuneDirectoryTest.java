package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;

/** What a stage-2 folder a kill left looks like to a resume. */
class TuneDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void progressThatIsNotJsonIsOneLineNamingIt() throws IOException {
    Files.writeString(dir.resolve(TuneDirectory.PROGRESS), "{\"iteration\": ");
    assertThatThrownBy(() -> new TuneDirectory(dir).isFinished())
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(dir.resolve(TuneDirectory.PROGRESS).toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** Killed before its first progress.json: a resume starts over, so nothing the run wrote stays. */
  @Test
  void withoutProgressRecoverRemovesEverythingTheRunWroteButTheCommand() throws IOException {
    Path candidates = Files.createDirectories(dir.resolve(TuneDirectory.CANDIDATES));
    Files.writeString(Files.createDirectories(candidates.resolve("lam1.000_acc90.00_omega2.000_it0000"))
        .resolve("network.json"), "{}");
    Files.createDirectories(candidates.resolve(".lam1.000_acc89.00_omega1.000_it0050.partial-7"));
    for (String file : new String[] {TuneDirectory.CANDIDATES_CSV, TuneDirectory.EVALUATIONS_CSV,
        TuneDirectory.BEST, ".best.json.123.tmp", "command.json"}) {
      Files.writeString(dir.resolve(file), "x");
    }

    assertThat(new TuneDirectory(dir).recover()).isEmpty();

    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left.map(p -> dir.relativize(p).toString()))
          .containsExactlyInAnyOrder("", TuneDirectory.CANDIDATES, "command.json");
    }
  }
}
