package org.spikebridge.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete network: its architecture, a value for every parameter and buffer, and its
 * provenance. Construction checks that the parameters are exactly those the architecture asks for,
 * with the right shapes and finite values.
 *
 * @param architecture the layers
 * @param parameters every parameter by full name ({@code layer.parameter})
 * @param provenance where it came from
 */
public record Network(Architecture architecture, Map<String, Tensor> parameters, Provenance provenance) {

  /** Checks names, shapes and values of the parameters; the message names the first bad one. */
  public Network {
    Map<String, TensorShape> expected = architecture.parameterShapes();
    for (var e : expected.entrySet()) {
      Tensor t = parameters.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' of " + architecture.name()
            + " is missing (expected shape " + e.getValue() + ")");
      }
      if (!t.shape().equals(e.getValue())) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "': expected shape "
            + e.getValue() + ", found " + t.shape());
      }
      int bad = t.firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "': value " + t.data()[bad]
            + " at flat index " + bad + " is not finite");
      }
    }
    for (String name : parameters.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' does not belong to any layer of "
            + architecture.name());
      }
    }
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    for (String k : expected.keySet()) {
      ordered.put(k, parameters.get(k));
    }
    parameters = Collections.unmodifiableMap(ordered);
  }

  /** The parameter called {@code fullName} ({@code layer.parameter}). */
  public Tensor parameter(String fullName) {
    Tensor t = parameters.get(fullName);
    if (t == null) {
      throw new IllegalArgumentException("no parameter '" + fullName + "' in " + architecture.name());
    }
    return t;
  }
}
