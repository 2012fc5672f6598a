package org.spikebridge.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  @Test
  void keepsItsMapsInKeyOrderWhateverOrderTheyCameIn() {
    Map<String, String> versions = Map.of("pytorch", "2.7.1", "java", "17", "djl", "0.36.0",
        "spikebridge", "0.1.0", "cuda", "none", "os", "linux");
    Map<String, String> settings = new HashMap<>(Map.of("epochs", "3", "activation", "rnl",
        "lr", "0.001", "seed", "1", "levels", "8", "batch", "128"));

    Provenance p = new Provenance("fashion-mnist", 1, "train", versions, settings);

    assertThat(p.versions().keySet())
        .containsExactly("cuda", "djl", "java", "os", "pytorch", "spikebridge");
    assertThat(p.settings().keySet())
        .containsExactly("activation", "batch", "epochs", "levels", "lr", "seed");
    settings.put("epochs", "4");
    assertThat(p.settings()).containsEntry("epochs", "3");
    assertThatThrownBy(() -> p.settings().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNullValues() {
    Map<String, String> settings = new HashMap<>();
    settings.put("epochs", null);
    assertThatThrownBy(() -> new Provenance("mnist", 1, "train", Map.of(), settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provenance settings: expected strings, found epochs = null");
  }
}
