package org.spikebridge.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
  private static final List<String> KNOWN = List.of("out", "timesteps");

  @Test
  void readsValuesAndDefaults() {
    JobArguments a = new JobArguments(new String[] {"--out", "hdfs:///x", "--timesteps", "8,16"}, KNOWN);
    assertThat(a.required("out")).isEqualTo("hdfs:///x");
    assertThat(a.integers("timesteps", null)).containsExactly(8, 16);
    assertThat(new JobArguments(new String[0], KNOWN).integers("timesteps", "64")).containsExactly(64);
    assertThat(new JobArguments(new String[0], KNOWN).integer("timesteps", 5)).isEqualTo(5);
  }

  @Test
  void refusesWhatItDoesNotKnow() {
    assertThatThrownBy(() -> new JobArguments(new String[] {"--outt", "x"}, KNOWN))
        .hasMessage("unknown option '--outt': expected one of --out, --timesteps");
    assertThatThrownBy(() -> new JobArguments(new String[] {"--out"}, KNOWN)).hasMessage("--out: expected a value");
    assertThatThrownBy(() -> new JobArguments(new String[] {"--out", "a", "--out", "b"}, KNOWN))
        .hasMessage("--out is given twice");
    assertThatThrownBy(() -> new JobArguments(new String[0], KNOWN).required("out")).hasMessage("--out is required");
    assertThatThrownBy(() -> new JobArguments(new String[] {"--timesteps", "8,x"}, KNOWN).integers("timesteps", null))
        .hasMessageContaining("whole numbers");
  }
}
