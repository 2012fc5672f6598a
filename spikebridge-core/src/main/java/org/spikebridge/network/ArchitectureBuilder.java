package org.spikebridge.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link Architecture} layer by layer. Each method appends a layer that reads the
 * previously appended one (or the input), names it with its kind and a running number
 * ({@code conv1}, {@code bn1}, …), and returns the builder. {@link #add} joins named layers.
 */
public final class ArchitectureBuilder {
  /** The activation placed after convolutions and hidden fully connected layers. */
  public enum Activation { RELU, RATE_NORM }

  private final String name;
  private final TensorShape inputShape;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private String last = Architecture.INPUT;
  private TensorShape lastShape;

  /** Starts a description called {@code name} taking inputs of {@code inputShape}. */
  public ArchitectureBuilder(String name, TensorShape inputShape) {
    this.name = name;
    this.inputShape = inputShape;
    this.lastShape = inputShape;
  }

  /** Name of the layer appended last (or {@link Architecture#INPUT}). */
  public String last() {
    return last;
  }

  /** Continues from the layer called {@code layerName} instead of the last one. */
  public ArchitectureBuilder from(String layerName) {
    TensorShape shape = Architecture.inferShapes(inputShape, layers).get(layerName);
    if (shape == null) {
      throw new IllegalArgumentException("no layer named '" + layerName + "' yet in " + name);
    }
    last = layerName;
    lastShape = shape;
    return this;
  }

  /** Convolution with bias, square kernel {@code kernel}, given stride and padding. */
  public ArchitectureBuilder conv(int outChannels, int kernel, int stride, int padding) {
    return append(new Layer.Conv2d(next("conv"), List.of(last), lastShape.dim(0), outChannels,
        kernel, stride, padding, true));
  }

  /**
   * A convolution whose window is not square: kernel height {@code kernel}, stride down
   * {@code stride}, top pad {@code padding}, and the rest from {@code rectangle}.
   */
  public ArchitectureBuilder conv(int outChannels, int kernel, int stride, int padding,
      Layer.Conv2d.Rectangle rectangle) {
    return append(new Layer.Conv2d(next("conv"), List.of(last), lastShape.dim(0), outChannels,
        kernel, stride, padding, true, rectangle));
  }

  /** Batch normalization with epsilon {@code eps} and PyTorch's momentum 0.1. */
  public ArchitectureBuilder batchNorm(double eps) {
    return append(new Layer.BatchNorm2d(next("bn"), List.of(last), lastShape.dim(0), eps, 0.1));
  }

  /** ReLU or a Rate Norm Layer (momentum 0.1, Algorithm 1). */
  public ArchitectureBuilder activation(Activation activation) {
    return append(activation == Activation.RELU
        ? new Layer.Relu(next("relu"), List.of(last))
        : new Layer.RateNorm(next("rnl"), List.of(last), 0.1));
  }

  /** Average pooling with window and stride {@code kernel}. */
  public ArchitectureBuilder avgPool(int kernel) {
    return append(new Layer.AvgPool2d(next("avgpool"), List.of(last), kernel, kernel, 0));
  }

  /** Max pooling with window and stride {@code kernel}. */
  public ArchitectureBuilder maxPool(int kernel) {
    return maxPool(kernel, kernel, 0);
  }

  /** Max pooling with window {@code kernel}, the given stride and padding (e.g. ResNet's 3, 2, 1). */
  public ArchitectureBuilder maxPool(int kernel, int stride, int padding) {
    return append(new Layer.MaxPool2d(next("maxpool"), List.of(last), kernel, stride, padding));
  }

  /** Flattens to one dimension. */
  public ArchitectureBuilder flatten() {
    return append(new Layer.Flatten(next("flatten"), List.of(last)));
  }

  /** Dropout with drop probability {@code rate}. */
  public ArchitectureBuilder dropout(double rate) {
    return append(new Layer.Dropout(next("dropout"), List.of(last), rate));
  }

  /** Fully connected layer with bias. */
  public ArchitectureBuilder linear(int outFeatures) {
    return append(new Layer.Linear(next("fc"), List.of(last), lastShape.dim(0), outFeatures, true));
  }

  /** Element-wise sum of the named layers. */
  public ArchitectureBuilder add(String... inputs) {
    return append(new Layer.Add(next("add"), List.of(inputs)));
  }

  /** The finished, checked architecture with {@code numClasses} outputs. */
  public Architecture build(int numClasses) {
    return new Architecture(name, inputShape, numClasses, layers);
  }

  private ArchitectureBuilder append(Layer layer) {
    layers.add(layer);
    try {
      lastShape = Architecture.inferShapes(inputShape, layers).get(layer.name());
    } catch (RuntimeException e) {
      layers.remove(layers.size() - 1);
      throw e;
    }
    last = layer.name();
    return this;
  }

  private String next(String kind) {
    return kind + counters.merge(kind, 1, Integer::sum);
  }
}
