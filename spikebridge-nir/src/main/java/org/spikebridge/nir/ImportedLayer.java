package org.spikebridge.nir;

import java.util.Map;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Tensor;

/**
 * The SpikeBridge layer one NIR node becomes, with its parameters by full name.
 *
 * @param layer the layer, named as the node
 * @param parameters its parameters ({@code layer.parameter})
 * @param poolFactor the factor the node's readers owe it: k² for a {@code SumPool2d} (imported as
 *     an average), 1 otherwise
 */
record ImportedLayer(Layer layer, Map<String, Tensor> parameters, float poolFactor) {

  /** A layer without parameters and no factor owed. */
  ImportedLayer(Layer layer) {
    this(layer, Map.of(), 1f);
  }

  /** A layer with parameters and no factor owed. */
  ImportedLayer(Layer layer, Map<String, Tensor> parameters) {
    this(layer, parameters, 1f);
  }
}
