package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * The two edits post-conversion calibration makes to a spiking layer: a per-channel shift of the
 * constant current its synaptic map gives it (the map's bias), and its initial membrane potential
 * v(0). Each returns a new network; the original is untouched.
 */
public final class LayerCorrections {
  private LayerCorrections() {}

  /**
   * {@code network} with {@code shift[c]} added to the current of channel c of the spiking layer
   * {@code target}: to the bias of the Conv2d, Linear or Affine layer whose output it reads (through
   * an Add, of the first of its inputs, depth first, that is one), given a bias if it has none.
   * An {@link IllegalArgumentException} naming the layer when its synaptic map ends in no such
   * layer, or when that layer's output feeds other layers too.
   */
  public static Network shiftBias(Network network, String target, float[] shift) {
    Architecture architecture = network.architecture();
    Layer.IntegrateAndFire spiking = spikingLayer(architecture, target);
    Layer carrier = carrier(architecture, spiking.inputs().get(0));
    if (carrier == null) {
      throw new IllegalArgumentException("layer '" + target + "' (IntegrateAndFire): its synaptic "
          + "map has no Conv2d, Linear or Affine layer whose bias could carry the calibration's "
          + "correction (it reads " + Graphs.describe(architecture, spiking.inputs().get(0)) + ")");
    }
    List<Layer> readers = architecture.readers().get(carrier.name());
    if (readers.size() > 1) {
      throw new IllegalArgumentException("layer '" + target + "' (IntegrateAndFire): the bias of "
          + Graphs.describe(architecture, carrier.name()) + " would carry the calibration's "
          + "correction, but " + readers.size() + " layers read it");
    }
    String name = carrier.name() + ".bias";
    float[] bias = hasBias(carrier) ? network.parameter(name).data().clone() : new float[shift.length];
    if (bias.length != shift.length) {
      throw new IllegalArgumentException("layer '" + target + "': expected " + bias.length
          + " bias shifts, one per channel, found " + shift.length);
    }
    for (int c = 0; c < bias.length; c++) {
      bias[c] += shift[c];
    }
    Layer withBias = carrier instanceof Layer.Affine ? carrier : Graphs.withBias(carrier);
    return edited(network, withBias, name, bias);
  }

  /**
   * {@code network} with the spiking layer {@code target} starting from {@code v0} (one value, or
   * one per channel, as its thresholds) at t = 0: its {@value Layer.IntegrateAndFire#INITIAL_MEMBRANE}.
   */
  public static Network withInitialMembrane(Network network, String target, float[] v0) {
    Layer.IntegrateAndFire spiking = spikingLayer(network.architecture(), target);
    return edited(network, spiking.withInitialMembrane(),
        target + "." + Layer.IntegrateAndFire.INITIAL_MEMBRANE, v0.clone());
  }

  private static Layer.IntegrateAndFire spikingLayer(Architecture architecture, String name) {
    if (architecture.layersByName().get(name) instanceof Layer.IntegrateAndFire f) {
      return f;
    }
    throw new IllegalArgumentException("'" + name + "' is not an IntegrateAndFire layer of "
        + architecture.name());
  }

  /** The Conv2d, Linear or Affine layer whose bias is the current of {@code node}, or null. */
  private static Layer carrier(Architecture architecture, String node) {
    Layer layer = architecture.layersByName().get(node);
    if (layer instanceof Layer.Conv2d || layer instanceof Layer.Linear || layer instanceof Layer.Affine) {
      return layer;
    }
    if (layer instanceof Layer.Add add) {
      for (String in : add.inputs()) {
        Layer found = carrier(architecture, in);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static boolean hasBias(Layer layer) {
    return layer instanceof Layer.Affine || (layer instanceof Layer.Conv2d c ? c.bias()
        : ((Layer.Linear) layer).bias());
  }

  /** {@code network} with {@code layer} in place of its namesake and parameter {@code name} set. */
  private static Network edited(Network network, Layer layer, String name, float[] values) {
    List<Layer> layers = new ArrayList<>(network.architecture().layers());
    Graphs.replace(layers, Map.of(layer.name(), layer));
    Architecture a = network.architecture();
    Map<String, Tensor> parameters = new LinkedHashMap<>(network.parameters());
    parameters.put(name, new Tensor(TensorShape.of(values.length), values));
    return new Network(new Architecture(a.name(), a.inputShape(), a.numClasses(), layers), parameters,
        network.provenance());
  }
}
