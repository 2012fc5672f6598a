package org.spikebridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.files.FileFormatException;

/** A stage-2 run's best.json: what the fuzzer found it could hold is refused naming the field. */
class TunePickFileTest {
  private static final TuneDirectory.Pick PICK = new TuneDirectory.Pick("candidates/c1", 100, 1,
      List.of(0.9, 0.8), 82, 2.25, true, 83, 1);

  @TempDir Path root;

  private Path written() throws IOException {
    new TuneDirectory(root).writePick(PICK);
    return root.resolve(TuneDirectory.BEST);
  }

  @Test
  void aPickReadsBack() throws IOException {
    written();
    assertThat(new TuneDirectory(root).pick()).isEqualTo(PICK);
  }

  @Test
  void aPickWithoutScalesIsNamed() throws IOException {
    Path best = written();
    Files.writeString(best, Files.readString(best).replaceFirst("\"p\" : \\[[^]]*]", "\"p\" : null"));
    assertThatThrownBy(() -> new TuneDirectory(root).pick()).isInstanceOf(FileFormatException.class)
        .hasMessage(best + ": p: expected the threshold scales, one number per distinct p′, found "
            + "null");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() throws IOException {
    Path best = written();
    Files.writeString(best, Files.readString(best).replace("\"withinTolerance\" : true",
        "\"withinTolerance\" : [ ]"));
    assertThatThrownBy(() -> new TuneDirectory(root).pick()).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(best + ": withinTolerance: expected the pick of a stage-2 run, "
            + "found Cannot deserialize value of type `boolean`");
  }
}
