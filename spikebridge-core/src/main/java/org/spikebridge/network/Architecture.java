package org.spikebridge.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers of a network as a directed acyclic graph, listed in an order where every layer comes
 * after its inputs; the last layer is the output. Construction checks names, references, every
 * shape and the {@link NetworkLimits}, so an {@code Architecture} that exists is consistent and of
 * a size SpikeBridge can handle.
 *
 * @param name a model name, e.g. {@code cnn7}
 * @param inputShape shape of one input image, [C, H, W]
 * @param numClasses number of output classes
 * @param layers the layers, inputs before the layers that read them
 */
public record Architecture(String name, TensorShape inputShape, int numClasses, List<Layer> layers) {

  /** The name by which a layer refers to the network's input. */
  public static final String INPUT = "input";

  /** Checks the graph and infers every shape; throws naming the first layer that does not fit. */
  public Architecture {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) == null) {
        throw new IllegalArgumentException("architecture '" + name + "': expected a layer at "
            + "index " + i + ", found null");
      }
    }
    layers = List.copyOf(layers);
    if (numClasses <= 0) {
      throw new IllegalArgumentException("architecture '" + name + "': numClasses must be > 0, found "
          + numClasses);
    }
    if (inputShape.rank() == 0) {
      throw new IllegalArgumentException("architecture '" + name + "': the input shape has no dimensions");
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("architecture '" + name + "' has no layers");
    }
    if (layers.size() > NetworkLimits.MAX_LAYERS) {
      throw new IllegalArgumentException("architecture '" + name + "': expected at most "
          + NetworkLimits.MAX_LAYERS + " layers (a limit no real network reaches), found "
          + layers.size());
    }
    Set<String> seen = new HashSet<>();
    seen.add(INPUT);
    for (Layer layer : layers) {
      if (layer.inputs().isEmpty() || layer.inputs().size() > NetworkLimits.MAX_INPUTS) {
        throw new IllegalArgumentException("layer '" + layer.name() + "': expected 1 to "
            + NetworkLimits.MAX_INPUTS + " inputs, found " + layer.inputs().size());
      }
      for (String in : layer.inputs()) {
        if (!seen.contains(in)) {
          throw new IllegalArgumentException("layer '" + layer.name() + "' reads '" + in
              + "', which is not the input nor a layer listed before it");
        }
      }
      if (!seen.add(layer.name())) {
        throw new IllegalArgumentException("layer name '" + layer.name() + "' is used twice");
      }
    }
    TensorShape out = inferShapes(inputShape, layers).get(layers.get(layers.size() - 1).name());
    if (!out.equals(TensorShape.of(numClasses))) {
      throw new ShapeException(layers.get(layers.size() - 1), "output [" + numClasses + "]", out);
    }
  }

  /** The output shape of every layer (and of {@link #INPUT}), by name. */
  public Map<String, TensorShape> outputShapes() {
    return inferShapes(inputShape, layers);
  }

  /** The input shapes of {@code layer}, in the order of its inputs. */
  public List<TensorShape> inputShapes(Layer layer) {
    Map<String, TensorShape> shapes = outputShapes();
    return layer.inputs().stream().map(shapes::get).toList();
  }

  /** Every parameter and buffer of the network by full name ({@code layer.parameter}), in order. */
  public Map<String, TensorShape> parameterShapes() {
    Map<String, TensorShape> shapes = outputShapes();
    Map<String, TensorShape> params = new LinkedHashMap<>();
    for (Layer layer : layers) {
      List<TensorShape> in = layer.inputs().stream().map(shapes::get).toList();
      layer.parameterShapes(in).forEach((k, v) -> params.put(layer.name() + "." + k, v));
    }
    return params;
  }

  /**
   * The layer called {@code layerName}; an exception if there is none. A linear search: a walk
   * over the graph looks its layers up in {@link #layersByName()}.
   */
  public Layer layer(String layerName) {
    return layers.stream().filter(l -> l.name().equals(layerName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no layer named '" + layerName + "' in " + name));
  }

  /** Every layer by name, in order (a new map, for lookups in constant time). */
  public Map<String, Layer> layersByName() {
    Map<String, Layer> byName = new LinkedHashMap<>();
    layers.forEach(l -> byName.put(l.name(), l));
    return byName;
  }

  /**
   * The layers that read each layer or {@link #INPUT}, by its name, in order (a layer that names
   * one input twice is listed once); a name nothing reads has no entry.
   */
  public Map<String, List<Layer>> readers() {
    Map<String, List<Layer>> readers = new HashMap<>();
    for (Layer l : layers) {
      for (String in : new LinkedHashSet<>(l.inputs())) {
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
      }
    }
    return readers;
  }

  /** The same graph with one layer swapped for another of the same name. */
  public Architecture replace(Layer replacement) {
    List<Layer> copy = new ArrayList<>(layers);
    copy.replaceAll(l -> l.name().equals(replacement.name()) ? replacement : l);
    return new Architecture(name, inputShape, numClasses, copy);
  }

  /**
   * The same graph with every Rate Norm Layer quantized to {@code levels} levels (0: continuous);
   * an exception if it has no Rate Norm Layer.
   */
  public Architecture withRateNormLevels(int levels) {
    if (layers.stream().noneMatch(Layer.RateNorm.class::isInstance)) {
      throw new IllegalArgumentException("network '" + name + "' has no Rate Norm Layer to "
          + "quantize (levels need --activation rnl)");
    }
    List<Layer> copy = new ArrayList<>(layers);
    copy.replaceAll(l -> l instanceof Layer.RateNorm r
        ? new Layer.RateNorm(r.name(), r.inputs(), r.momentum(), levels) : l);
    return new Architecture(name, inputShape, numClasses, copy);
  }

  /**
   * The Rate Norm twin of a ReLU network: the same graph with every ReLU replaced by a continuous
   * Rate Norm Layer of the same name and inputs (running-max momentum 0.1, the zoo's), the network
   * that stage 1 fine-tunes from a ReLU network that is not from the zoo (an imported one, say);
   * an exception if it has no ReLU.
   */
  public Architecture rateNormTwin() {
    if (layers.stream().noneMatch(Layer.Relu.class::isInstance)) {
      throw new IllegalArgumentException("network '" + name + "' has no ReLU layer to replace by a "
          + "Rate Norm Layer");
    }
    List<Layer> copy = new ArrayList<>(layers);
    copy.replaceAll(l -> l instanceof Layer.Relu r ? new Layer.RateNorm(r.name(), r.inputs(), 0.1) : l);
    return new Architecture(name, inputShape, numClasses, copy);
  }

  /** The Rate Norm Layers quantized to levels (beyond the paper), in order; empty if none is. */
  public List<Layer.RateNorm> quantizedRateNormLayers() {
    return layers.stream().filter(l -> l instanceof Layer.RateNorm r && r.levels() > 0)
        .map(Layer.RateNorm.class::cast).toList();
  }

  /**
   * Shape inference alone: the output shape of each of {@code layers} (and of {@link #INPUT}) by
   * name, without the checks of a whole architecture; a {@link ShapeException} on a mismatch or
   * beyond the {@link NetworkLimits} on values per image.
   */
  public static Map<String, TensorShape> inferShapes(TensorShape input, List<Layer> layers) {
    if (input.size() > NetworkLimits.MAX_ELEMENTS) {
      throw new IllegalArgumentException("the input shape " + input + " has " + input.size()
          + " values per image; expected at most " + NetworkLimits.MAX_ELEMENTS + " (a limit no "
          + "real network reaches)");
    }
    Map<String, TensorShape> shapes = new LinkedHashMap<>();
    shapes.put(INPUT, input);
    long total = input.size();
    for (Layer layer : layers) {
      List<TensorShape> in = new ArrayList<>();
      for (String source : layer.inputs()) {
        TensorShape shape = shapes.get(source);
        if (shape == null) {
          throw new IllegalArgumentException("layer '" + layer.name() + "' reads '" + source
              + "', which is not the input nor a layer listed before it");
        }
        in.add(shape);
      }
      TensorShape out = outputShape(layer, in);
      total += out.size();
      NetworkLimits.checkElements(layer, out, total);
      shapes.put(layer.name(), out);
    }
    return shapes;
  }

  /** {@code layer}'s output shape; any refusal of its fields names it. */
  private static TensorShape outputShape(Layer layer, List<TensorShape> in) {
    try {
      return layer.outputShape(in);
    } catch (ShapeException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ShapeException(layer, "an output shape", e.getMessage());
    }
  }
}
