package org.spikebridge.simulate.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * A {@link SpikingNetwork} compiled for event-driven simulation: each integrate-and-fire layer and
 * the output layer as a {@link NeuronLayer} fed by {@link Projection}s from earlier spiking layers or
 * the input. Between two spiking layers a projection is [MaxPool2d →] [AvgPool2d →] [Flatten →]
 * Conv2d or Linear, and projections may be summed by Add, a spiking layer (or its max pooling)
 * itself joining an Add as an identity branch, and scaled and shifted per channel by Affine
 * (BatchNorm on a residual sum). Average pooling is folded into the convolution's weights and
 * every Affine into the weights and biases of the maps it follows; max pooling gates the source's
 * spikes before the map ({@link SpikingMaxPool}); anything else fails with the layer's name.
 *
 * @param spiking the integrate-and-fire layers in order
 * @param maxPools the spiking max pools, each once however many maps read it, by
 *     {@link SpikingMaxPool#index()}
 * @param output the non-spiking output layer
 * @param inputShape the input's [C, H, W]
 */
record EventNetwork(List<NeuronLayer> spiking, List<SpikingMaxPool> maxPools, NeuronLayer output,
    TensorShape inputShape) {

  /** Compiles {@code snn}; an {@link IllegalArgumentException} naming the first layer it cannot map. */
  static EventNetwork compile(SpikingNetwork snn) {
    return new Compiler(snn.network()).compile();
  }

  /** Every layer that receives current: the spiking layers in order, then the output layer. */
  List<NeuronLayer> targets() {
    List<NeuronLayer> all = new ArrayList<>(spiking);
    all.add(output);
    return all;
  }

  /** The input size C·H·W. */
  int inputSize() {
    return Math.toIntExact(inputShape.size());
  }

  /** Channels-last position of each input value given in the batch's C, H, W order. */
  int[] inputOrder() {
    int c = inputShape.dim(0);
    int h = inputShape.dim(1);
    int w = inputShape.dim(2);
    int[] order = new int[c * h * w];
    for (int ci = 0; ci < c; ci++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          order[(ci * h + y) * w + x] = (y * w + x) * c + ci;
        }
      }
    }
    return order;
  }

  /**
   * Walks the architecture backwards from each target to its sources, by dynamic programming over
   * the graph: each Add and Affine layer on the way is visited once, whatever the number of paths
   * through it, so compiling takes time linear in the size of the graph.
   */
  private static final class Compiler {
    private final Network network;
    private final Architecture architecture;
    private final Map<String, Layer> layers;
    private final Map<String, Integer> order = new HashMap<>();
    private final Map<String, TensorShape> shapes;
    private final Map<String, Integer> stageIndex = new HashMap<>();
    private final Map<String, SpikingMaxPool> maxPools = new LinkedHashMap<>();

    Compiler(Network network) {
      this.network = network;
      this.architecture = network.architecture();
      this.layers = architecture.layersByName();
      this.shapes = new HashMap<>(architecture.outputShapes());
      shapes.put(Architecture.INPUT, architecture.inputShape());
      order.put(Architecture.INPUT, -1);
      for (Layer layer : architecture.layers()) {
        order.put(layer.name(), order.size() - 1);
      }
    }

    EventNetwork compile() {
      if (architecture.inputShape().rank() != 3) {
        throw new IllegalArgumentException("network " + architecture.name() + ": the event engine "
            + "needs a [C, H, W] input, found " + architecture.inputShape());
      }
      List<NeuronLayer> spiking = new ArrayList<>();
      for (Layer layer : architecture.layers()) {
        if (layer instanceof Layer.IntegrateAndFire f) {
          float[] v0 = f.initialMembrane() ? perNeuron(f, Layer.IntegrateAndFire.INITIAL_MEMBRANE) : null;
          spiking.add(target(f.name(), f.inputs().get(0), perNeuron(f, Layer.IntegrateAndFire.THRESHOLD),
              f.levels(), v0));
          stageIndex.put(f.name(), spiking.size() - 1);
        }
      }
      Layer last = architecture.layers().get(architecture.layers().size() - 1);
      NeuronLayer output = target(last.name(), last.name(), null, 0, null);
      return new EventNetwork(List.copyOf(spiking), List.copyOf(maxPools.values()), output,
          architecture.inputShape());
    }

    /** Parameter {@code local} of {@code f} (one value, or one per channel) spread over its neurons. */
    private float[] perNeuron(Layer.IntegrateAndFire f, String local) {
      float[] values = network.parameter(f.name() + "." + local).data();
      TensorShape shape = shapes.get(f.name());
      int size = Math.toIntExact(shape.size());
      int channels = channels(shape);
      float[] spread = new float[size];
      for (int i = 0; i < size; i++) {
        spread[i] = values.length == 1 ? values[0] : values[i % channels];
      }
      return spread;
    }

    /**
     * The target {@code name} whose current is the output of {@code node}: the sum of the
     * terminals that {@code node}'s Add and Affine layers add up — spiking sources, max pools and
     * Conv2d or Linear maps — each output channel c scaled by the product of the Affine weights on
     * its path, summed over its paths (a terminal reached twice is one projection of twice the
     * weight), plus the biases of the maps and Affine layers scaled alike.
     *
     * <p>The scales are pushed from {@code node} towards the input, always from the pending node
     * listed last in the architecture: every node that feeds it comes before it, so a node's scale
     * is complete when it is taken.
     */
    private NeuronLayer target(String name, String node, float[] thresholds, int levels,
        float[] initialMembrane) {
      float[] bias = new float[Math.toIntExact(shapes.get(node).size())];
      List<Projection> projections = new ArrayList<>();
      TreeMap<Integer, float[]> pending = new TreeMap<>();
      pending.put(order.get(node), ones(node));
      while (!pending.isEmpty()) {
        Map.Entry<Integer, float[]> next = pending.pollLastEntry();
        String at = next.getKey() < 0 ? Architecture.INPUT
            : architecture.layers().get(next.getKey()).name();
        float[] scale = next.getValue();
        Layer layer = isSource(at) ? null : layers.get(at);
        if (layer instanceof Layer.Add add) {
          add.inputs().forEach(in -> pending.merge(order.get(in), scale, Compiler::plus));
        } else if (layer instanceof Layer.Affine affine) {
          addScaled(parameter(affine, "bias"), scale, bias);
          pending.merge(order.get(affine.inputs().get(0)), times(scale, parameter(affine, "weight")),
              Compiler::plus);
        } else {
          projections.add(terminal(name, at, layer, scale, bias));
        }
      }
      return new NeuronLayer(name, thresholds, bias, List.copyOf(projections),
          channels(shapes.get(name)), levels, initialMembrane);
    }

    /**
     * The projection of terminal {@code node} ({@code layer}, null for a spiking source or the
     * input) for {@code target}, each output channel c scaled by {@code scale[c]}; adds its bias,
     * scaled alike, to {@code bias}.
     */
    private Projection terminal(String target, String node, Layer layer, float[] scale,
        float[] bias) {
      if (layer == null) {
        return new Projection(sourceIndex(node),
            new IdentitySynapses(Math.toIntExact(shapes.get(node).size()), scale));
      }
      if (layer instanceof Layer.MaxPool2d m) {
        SpikingMaxPool pool = maxPool(m);
        return new Projection(pool.source(), pool, new IdentitySynapses(pool.size(), scale));
      }
      if (!(layer instanceof Layer.Conv2d || layer instanceof Layer.Linear)) {
        throw unsupported(target, layer);
      }
      if (layer instanceof Layer.Conv2d c ? c.bias() : ((Layer.Linear) layer).bias()) {
        addScaled(parameter(layer, "bias"), scale, bias);
      }
      return map(target, layer, scale);
    }

    private static void addScaled(float[] channelValues, float[] scale, float[] sum) {
      for (int i = 0; i < sum.length; i++) {
        int c = i % scale.length;
        sum[i] += scale[c] * channelValues[c];
      }
    }

    private float[] parameter(Layer layer, String name) {
      return network.parameter(layer.name() + "." + name).data();
    }

    /** One weight per channel of {@code node}, all 1. */
    private float[] ones(String node) {
      float[] one = new float[channels(shapes.get(node))];
      Arrays.fill(one, 1f);
      return one;
    }

    private static float[] plus(float[] a, float[] b) {
      float[] sum = new float[a.length];
      for (int c = 0; c < a.length; c++) {
        sum[c] = a[c] + b[c];
      }
      return sum;
    }

    private static float[] times(float[] a, float[] b) {
      float[] product = new float[a.length];
      for (int c = 0; c < a.length; c++) {
        product[c] = a[c] * b[c];
      }
      return product;
    }

    /** {@code weight} [out][fan-in] with output o scaled by {@code scale[o]}. */
    private static float[] scaledRows(float[] weight, float[] scale) {
      float[] scaled = weight.clone();
      int fanIn = weight.length / scale.length;
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= scale[i / fanIn];
      }
      return scaled;
    }

    /**
     * A Conv2d or Linear with the optional Flatten, AvgPool2d and MaxPool2d between it and its
     * source, each output channel c scaled by {@code scale[c]}.
     */
    private Projection map(String target, Layer layer, float[] scale) {
      String node = skipFlatten(layer.inputs().get(0));
      Layer.AvgPool2d pool = null;
      if (!isSource(node) && layers.get(node) instanceof Layer.AvgPool2d p) {
        pool = p;
        node = skipFlatten(p.inputs().get(0));
      }
      SpikingMaxPool maxPool = null;
      if (!isSource(node) && layers.get(node) instanceof Layer.MaxPool2d m) {
        maxPool = maxPool(m);
      } else if (!isSource(node)) {
        throw unsupported(target, layers.get(node));
      }
      TensorShape source = shapes.get(node); // the max pool's output when gated
      int c = channels(source);
      int h = source.rank() == 3 ? source.dim(1) : 1;
      int w = source.rank() == 3 ? source.dim(2) : 1;
      int pk = pool == null ? 1 : pool.kernel();
      int ps = pool == null ? 1 : pool.stride();
      int pp = pool == null ? 0 : pool.padding();
      ConvolutionSynapses.Geometry geometry = layer instanceof Layer.Conv2d conv
          ? new ConvolutionSynapses.Geometry(c, h, w, pk, ps, pp, conv.kernel(), conv.kernelWidth(),
              conv.stride(), conv.padding(), conv.outChannels(), conv.strideWidth(), conv.padLeft(),
              conv.padBottom(), conv.padRight())
          : ConvolutionSynapses.Geometry.linear(c, h, w, pk, ps, pp, ((Layer.Linear) layer).outFeatures());
      Synapses synapses = new ConvolutionSynapses(geometry, scaledRows(parameter(layer, "weight"), scale));
      long expected = shapes.get(layer.name()).size();
      if (synapses.targetSize() != expected) {
        throw new IllegalArgumentException("layer '" + layer.name() + "': the event engine's map gives "
            + synapses.targetSize() + " outputs, the architecture " + expected);
      }
      return maxPool == null ? new Projection(sourceIndex(node), synapses)
          : new Projection(maxPool.source(), maxPool, synapses);
    }

    /** The spiking max pool of {@code m}, made on first use (it reads a spiking layer). */
    private SpikingMaxPool maxPool(Layer.MaxPool2d m) {
      SpikingMaxPool pool = maxPools.get(m.name());
      if (pool == null) {
        String source = m.inputs().get(0);
        TensorShape shape = shapes.get(source);
        pool = new SpikingMaxPool(maxPools.size(), sourceIndex(source), shape.dim(0), shape.dim(1),
            shape.dim(2), m.kernel(), m.stride(), m.padding());
        maxPools.put(m.name(), pool);
      }
      return pool;
    }

    private String skipFlatten(String node) {
      while (!isSource(node) && layers.get(node) instanceof Layer.Flatten f) {
        node = f.inputs().get(0);
      }
      return node;
    }

    private boolean isSource(String node) {
      return Architecture.INPUT.equals(node) || stageIndex.containsKey(node);
    }

    private int sourceIndex(String node) {
      return Architecture.INPUT.equals(node) ? Projection.INPUT : stageIndex.get(node);
    }

    private static int channels(TensorShape shape) {
      return shape.dim(0);
    }

    private static IllegalArgumentException unsupported(String target, Layer layer) {
      return new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.getClass().getSimpleName()
          + ") on the way to '" + target + "' cannot be simulated by the event engine: between two "
          + "spiking layers it takes [MaxPool2d →] [AvgPool2d →] [Flatten →] Conv2d or Linear, sums "
          + "of these by Add, per-channel Affine maps and identity branches");
    }
  }
}
