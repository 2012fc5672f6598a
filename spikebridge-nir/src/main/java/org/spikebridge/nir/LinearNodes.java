package org.spikebridge.nir;

import static org.spikebridge.nir.NirExport.longs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/** The NIR nodes of SpikeBridge's linear layers: Conv2d, Linear and the per-channel Affine map. */
final class LinearNodes {
  /**
   * Metadata key naming the SpikeBridge layer a node stands for when NIR has no node of its own
   * for it: {@value #PER_CHANNEL_MAP} for the per-channel Affine map written as a diagonal node.
   */
  static final String LAYER = "spikebridge_layer";
  /** The {@value #LAYER} value of a per-channel Affine map. */
  static final String PER_CHANNEL_MAP = "Affine";

  private LinearNodes() {}

  /**
   * A {@code Conv2d} node: weights times {@code scale} (the 1/k² of an average pooling before it),
   * a zero bias when the layer has none (NIR's Conv2d always has one).
   */
  static NirNode conv(Network net, Layer.Conv2d c, TensorShape in, float scale) {
    if (c.padBottom() != c.padding() || c.padRight() != c.padLeft()) {
      throw NirExport.refused(c, "NIR's Conv2d pads both sides of a dimension alike, but it pads "
          + c.padding() + " above, " + c.padBottom() + " below, " + c.padLeft() + " left and "
          + c.padRight() + " right");
    }
    float[] bias = c.bias() ? net.parameter(c.name() + ".bias").data() : new float[c.outChannels()];
    return convNode(c.name(), scaled(net.parameter(c.name() + ".weight"), scale),
        new FloatArray(new int[] {c.outChannels()}, bias), longs(c.stride(), c.strideWidth()),
        longs(c.padding(), c.padLeft()), in);
  }

  /** An {@code Affine} node for a Linear layer with bias, a {@code Linear} node for one without. */
  static NirNode linear(Network net, Layer.Linear l, float scale) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("weight", scaled(net.parameter(l.name() + ".weight"), scale));
    if (!l.bias()) {
      return new NirNode(l.name(), "Linear", fields);
    }
    fields.put("bias", array(net.parameter(l.name() + ".bias")));
    return new NirNode(l.name(), "Affine", fields);
  }

  /**
   * The per-channel map y = w[c]·x + b[c] as a linear node with a diagonal weight: a 1×1
   * {@code Conv2d} on a [C, H, W] input, an {@code Affine} node on a flat one; its metadata
   * {@value #LAYER} = {@value #PER_CHANNEL_MAP} lets SpikeBridge's import restore the map.
   */
  static NirNode diagonal(Network net, Layer.Affine a, TensorShape in) {
    int c = a.channels();
    float[] w = net.parameter(a.name() + ".weight").data();
    float[] diagonal = new float[c * c];
    for (int i = 0; i < c; i++) {
      diagonal[i * c + i] = w[i];
    }
    FloatArray bias = array(net.parameter(a.name() + ".bias"));
    Map<String, Object> metadata = Map.of(LAYER, PER_CHANNEL_MAP);
    if (in.rank() == 1) {
      return new NirNode(a.name(), "Affine", Map.of("weight", new FloatArray(new int[] {c, c},
          diagonal), "bias", bias), metadata);
    }
    NirNode conv = convNode(a.name(), new FloatArray(new int[] {c, c, 1, 1}, diagonal), bias,
        longs(1, 1), longs(0, 0), in);
    return new NirNode(conv.name(), conv.type(), conv.fields(), metadata);
  }

  private static NirNode convNode(String name, FloatArray weight, FloatArray bias, long[] stride,
      long[] padding, TensorShape in) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("weight", weight);
    fields.put("bias", bias);
    fields.put("stride", stride);
    fields.put("padding", padding);
    fields.put("dilation", longs(1, 1));
    fields.put("groups", 1L);
    fields.put("input_shape", longs(in.dim(1), in.dim(2)));
    return new NirNode(name, "Conv2d", fields);
  }

  private static FloatArray scaled(Tensor t, float scale) {
    float[] data = t.data();
    if (scale != 1f) {
      data = data.clone();
      for (int i = 0; i < data.length; i++) {
        data[i] *= scale;
      }
    }
    return new FloatArray(t.shape().dims(), data);
  }

  private static FloatArray array(Tensor t) {
    return new FloatArray(t.shape().dims(), t.data());
  }
}
