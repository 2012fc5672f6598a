package org.spikebridge.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;

/**
 * A converted network ready to simulate: its architecture holds integrate-and-fire layers with
 * reset by subtraction (Eq. 3) and, between them, only linear maps (Conv2d, Linear, AvgPool2d,
 * Flatten, Add, and the per-channel Affine map) and spiking max pooling: a MaxPool2d that reads an
 * integrate-and-fire layer and gates its spikes ({@link Layer.MaxPool2d} defines it). The last
 * layer is a non-spiking Linear whose current is accumulated for the prediction. Its provenance
 * records the conversion method and the form of Theorem 1 used.
 *
 * @param network the description with every weight and threshold
 */
public record SpikingNetwork(Network network) {

  /**
   * Checks that every layer is one a simulation engine runs, every MaxPool2d reads an
   * integrate-and-fire layer, and every threshold is positive; names the first layer that does not.
   */
  public SpikingNetwork {
    List<Layer> layers = network.architecture().layers();
    Map<String, Layer> byName = network.architecture().layersByName();
    for (Layer layer : layers) {
      boolean allowed = layer instanceof Layer.IntegrateAndFire || layer instanceof Layer.Conv2d
          || layer instanceof Layer.Linear || layer instanceof Layer.AvgPool2d
          || layer instanceof Layer.MaxPool2d || layer instanceof Layer.Flatten
          || layer instanceof Layer.Add || layer instanceof Layer.Affine;
      if (!allowed) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' ("
            + layer.getClass().getSimpleName() + ") cannot be simulated: a spiking network holds "
            + "only IntegrateAndFire, Conv2d, Linear, AvgPool2d, MaxPool2d, Flatten, Add and "
            + "Affine layers");
      }
      if (layer instanceof Layer.MaxPool2d pool) {
        String source = pool.inputs().get(0);
        if (!(byName.get(source) instanceof Layer.IntegrateAndFire)) {
          throw new IllegalArgumentException("layer '" + pool.name() + "' (MaxPool2d) reads '"
              + source + "': spiking max pooling gates the spikes of an IntegrateAndFire layer");
        }
      }
      if (layer instanceof Layer.IntegrateAndFire f) {
        checkThresholds(f, network.parameter(f.name() + ".threshold").data());
      }
    }
    if (!(layers.get(layers.size() - 1) instanceof Layer.Linear)) {
      throw new IllegalArgumentException("the last layer of a spiking network must be the Linear "
          + "output layer, found '" + layers.get(layers.size() - 1).name() + "'");
    }
  }

  /** Refuses a threshold that is not positive: its neurons would fire at every step or never. */
  private static void checkThresholds(Layer.IntegrateAndFire layer, float[] thresholds) {
    for (int c = 0; c < thresholds.length; c++) {
      if (!(thresholds[c] > 0)) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' (IntegrateAndFire): "
            + "expected positive thresholds, found " + thresholds[c]
            + (thresholds.length > 1 ? " for channel " + c : ""));
      }
    }
  }

  /** The integrate-and-fire layers, in order. */
  public List<Layer.IntegrateAndFire> spikingLayers() {
    return network.architecture().layers().stream()
        .filter(Layer.IntegrateAndFire.class::isInstance).map(Layer.IntegrateAndFire.class::cast)
        .toList();
  }

  /** The threshold(s) of an integrate-and-fire layer: one value, or one per channel. */
  public float[] thresholds(Layer.IntegrateAndFire layer) {
    return network.parameter(layer.name() + ".threshold").data();
  }

  /**
   * Writes {@code snn} into {@code dir} as a network folder ({@link NetworkFiles}: manifest and
   * safetensors weights, thresholds among them).
   */
  public static void save(SpikingNetwork snn, Path dir) throws IOException {
    NetworkFiles.save(snn.network(), dir);
  }

  /**
   * Reads the spiking network saved in {@code dir}: every check of {@link NetworkFiles#load}, and
   * then that it is a spiking network; otherwise a {@link FileFormatException} naming the manifest
   * in {@code dir} and the first layer that a spiking network cannot hold.
   */
  public static SpikingNetwork load(Path dir) throws IOException {
    Network network = NetworkFiles.load(dir);
    try {
      return new SpikingNetwork(network);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(dir.resolve(NetworkFiles.MANIFEST), "architecture",
          "a spiking network (convert the ANN first)", e.getMessage(), e);
    }
  }
}
