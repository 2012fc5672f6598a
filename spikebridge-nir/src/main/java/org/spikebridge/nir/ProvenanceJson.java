package org.spikebridge.nir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import org.spikebridge.network.Provenance;

/**
 * A network's provenance as the JSON string an exported graph carries in its metadata, so that
 * SpikeBridge's import gives the network back its dataset and settings.
 */
final class ProvenanceJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProvenanceJson() {}

  /** {@code p} as one line of JSON. */
  static String write(Provenance p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The provenance in {@code json}; a {@link JsonProcessingException} when it is not one. */
  static Provenance read(String json) throws JsonProcessingException {
    return JSON.readValue(json, Provenance.class);
  }
}
