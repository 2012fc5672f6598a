package org.spikebridge.network;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/**
 * Architectures by name, as the command line's {@code --model} accepts them: the paper's cnn7 and
 * AlexNet, VGG-11/13/16/19, pre-activation ResNet-18/34 and the CIFAR ResNet-20. Every activation
 * is a ReLU or a Rate Norm Layer as asked; every pooling is average pooling (it converts exactly).
 *
 * <p>A name may end in a width multiplier, {@code -w} and a positive number ({@code vgg11-w0.5}):
 * every convolution's channels and every hidden Linear's features are scaled by it (rounded, at
 * least 1), the depth and the classes unchanged. Such slim networks train on a CPU and are what
 * neuromorphic chips hold.
 */
public final class ModelZoo {
  /** Channels per 3×3 convolution of each VGG, 0 marking a 2×2 average pooling. */
  private static final Map<String, int[]> VGG = Map.of(
      "vgg11", new int[] {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0},
      "vgg13", new int[] {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0},
      "vgg16", new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512,
          512, 0},
      "vgg19", new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0,
          512, 512, 512, 512, 0});

  /** What separates a model's name from its width multiplier. */
  private static final String WIDTH_SUFFIX = "-w";

  private ModelZoo() {}

  /** The channel counts of a model scaled by its width multiplier. */
  private record Width(double multiplier) {
    static final Width FULL = new Width(1);

    int of(int channels) {
      return Math.max(1, (int) Math.round(channels * multiplier));
    }
  }

  /** Names {@link #architecture} accepts. */
  public static List<String> names() {
    return List.of("cnn7", "alexnet", "vgg11", "vgg13", "vgg16", "vgg19", "preactresnet18",
        "preactresnet34", "resnet20");
  }

  /** Whether {@link #architecture} builds {@code model}: a name of {@link #names()}, with or without a width. */
  public static boolean knows(String model) {
    return names().contains(baseName(model));
  }

  /** {@code model} with the width multiplier {@code width} ({@code model} itself for 1). */
  public static String withWidth(String model, double width) {
    if (!(width > 0 && width <= 16)) {
      throw new IllegalArgumentException("expected a width multiplier in (0, 16], found " + width);
    }
    return width == 1 ? model : model + WIDTH_SUFFIX + BigDecimal.valueOf(width).stripTrailingZeros()
        .toPlainString();
  }

  /**
   * The architecture called {@code model} (a zoo name, optionally with a width multiplier) for
   * inputs of {@code inputShape} with {@code numClasses} classes and the given activation; an
   * exception listing the known names if there is none.
   */
  public static Architecture architecture(String model, TensorShape inputShape, int numClasses,
      Activation activation) {
    String base = baseName(model);
    Width width = width(model);
    return switch (base) {
      case "cnn7" -> cnn7(model, inputShape, numClasses, activation, width);
      case "alexnet" -> alexNet(model, inputShape, numClasses, activation, width);
      case "vgg11", "vgg13", "vgg16", "vgg19" -> vgg(model, VGG.get(base), inputShape, numClasses,
          activation, width);
      case "preactresnet18" -> preActResNet(model, new int[] {2, 2, 2, 2}, inputShape, numClasses,
          activation, width);
      case "preactresnet34" -> preActResNet(model, new int[] {3, 4, 6, 3}, inputShape, numClasses,
          activation, width);
      case "resnet20" -> resNet20(model, inputShape, numClasses, activation, width);
      default -> throw new IllegalArgumentException("unknown model '" + model + "'; known: "
          + String.join(", ", names()) + ", each optionally with a width multiplier such as "
          + "vgg11" + WIDTH_SUFFIX + "0.5");
    };
  }

  private static String baseName(String model) {
    int at = model.lastIndexOf(WIDTH_SUFFIX);
    return at < 0 ? model : model.substring(0, at);
  }

  private static Width width(String model) {
    int at = model.lastIndexOf(WIDTH_SUFFIX);
    if (at < 0) {
      return Width.FULL;
    }
    String value = model.substring(at + WIDTH_SUFFIX.length());
    try {
      double multiplier = Double.parseDouble(value);
      withWidth(model, multiplier);
      return new Width(multiplier);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model '" + model + "': expected a width multiplier in "
          + "(0, 16] after '" + WIDTH_SUFFIX + "', found '" + value + "'", e);
    }
  }

  /**
   * The paper's 7-layer MNIST CNN: three times Conv(3×3, no padding) → BatchNorm → activation →
   * AvgPool(2), channels 32, the third BatchNorm with eps 1e-3; then Flatten and Linear(→classes).
   */
  public static Architecture cnn7(TensorShape inputShape, int numClasses, Activation activation) {
    return cnn7("cnn7", inputShape, numClasses, activation, Width.FULL);
  }

  private static Architecture cnn7(String name, TensorShape inputShape, int numClasses,
      Activation activation, Width width) {
    ArchitectureBuilder b = new ArchitectureBuilder(name, inputShape);
    double[] eps = {1e-5, 1e-5, 1e-3};
    for (double e : eps) {
      b.conv(width.of(32), 3, 1, 0).batchNorm(e).activation(activation).avgPool(2);
    }
    return b.flatten().linear(numClasses).build(numClasses);
  }

  /**
   * The paper's MNIST AlexNet: Conv(3×3, padding 1) → BatchNorm → activation with 32, 64, 128, 256
   * and 256 channels, AvgPool(2) after the first, second and fifth; then Dropout(0.5) → Linear(1024)
   * → activation → Dropout(0.5) → Linear(512) → activation → Linear(classes). On 28×28 inputs the
   * maps shrink 28 → 14 → 7 → 3, so the first Linear reads 256·3·3 = 2304 features.
   */
  private static Architecture alexNet(String name, TensorShape inputShape, int numClasses,
      Activation activation, Width width) {
    ArchitectureBuilder b = new ArchitectureBuilder(name, inputShape);
    int[] channels = {32, 64, 128, 256, 256};
    boolean[] pool = {true, true, false, false, true};
    for (int i = 0; i < channels.length; i++) {
      b.conv(width.of(channels[i]), 3, 1, 1).batchNorm(1e-5).activation(activation);
      if (pool[i]) {
        b.avgPool(2);
      }
    }
    b.flatten().dropout(0.5).linear(width.of(1024)).activation(activation).dropout(0.5)
        .linear(width.of(512)).activation(activation);
    return b.linear(numClasses).build(numClasses);
  }

  /**
   * VGG-11/13/16/19 (Simonyan and Zisserman) for 32×32 inputs: the five blocks of Conv(3×3,
   * padding 1) → BatchNorm → activation, each ended by AvgPool(2); then Flatten → Linear(4096) →
   * activation → Dropout(0.5) → Linear(4096) → activation → Dropout(0.5) → Linear(classes).
   */
  private static Architecture vgg(String name, int[] config, TensorShape inputShape,
      int numClasses, Activation activation, Width width) {
    ArchitectureBuilder b = new ArchitectureBuilder(name, inputShape);
    for (int channels : config) {
      if (channels == 0) {
        b.avgPool(2);
      } else {
        b.conv(width.of(channels), 3, 1, 1).batchNorm(1e-5).activation(activation);
      }
    }
    b.flatten().linear(width.of(4096)).activation(activation).dropout(0.5).linear(width.of(4096))
        .activation(activation).dropout(0.5);
    return b.linear(numClasses).build(numClasses);
  }

  /**
   * Pre-activation ResNet (He et al. 2016, "Identity Mappings") for 32×32 inputs: Conv(3×3, 64);
   * four stages of {@code blocks[s]} blocks with 64, 128, 256, 512 channels (the first block of
   * stages 2–4 with stride 2); then BatchNorm → activation → AvgPool(4) → Flatten → Linear. A block
   * computes a = act(BN(x)), y = Conv(act(BN(Conv(a)))) and outputs y + x, or y + Conv1×1(a) where
   * the shape changes. The BatchNorm at the head of a block reads a residual sum: conversion keeps
   * it as a per-channel affine map on the summed current.
   */
  public static Architecture preActResNet(String name, int[] blocks, TensorShape inputShape,
      int numClasses, Activation activation) {
    return preActResNet(name, blocks, inputShape, numClasses, activation, Width.FULL);
  }

  private static Architecture preActResNet(String name, int[] blocks, TensorShape inputShape,
      int numClasses, Activation activation, Width width) {
    ArchitectureBuilder b = new ArchitectureBuilder(name, inputShape);
    int channels = width.of(64);
    b.conv(channels, 3, 1, 1);
    for (int stage = 0; stage < blocks.length; stage++) {
      int planes = width.of(64 << stage);
      for (int k = 0; k < blocks[stage]; k++) {
        int stride = stage > 0 && k == 0 ? 2 : 1;
        String x = b.last();
        String a = b.batchNorm(1e-5).activation(activation).last();
        String y = b.conv(planes, 3, stride, 1).batchNorm(1e-5).activation(activation)
            .conv(planes, 3, 1, 1).last();
        String shortcut = stride != 1 || channels != planes
            ? b.from(a).conv(planes, 1, stride, 0).last() : x;
        b.add(y, shortcut);
        channels = planes;
      }
    }
    b.batchNorm(1e-5).activation(activation).avgPool(4).flatten();
    return b.linear(numClasses).build(numClasses);
  }

  /**
   * ResNet-20 for CIFAR (He et al. 2016, §4.2): Conv(3×3, 16) → BatchNorm → activation; three
   * stages of three blocks with 16, 32, 64 channels (the first block of stages 2–3 with stride 2);
   * AvgPool(8) → Flatten → Linear. A block computes y = BN(Conv(act(BN(Conv(x))))) and outputs
   * act(y + x), with a 1×1 Conv → BatchNorm projection (option B) where the shape changes.
   */
  private static Architecture resNet20(String name, TensorShape inputShape, int numClasses,
      Activation activation, Width width) {
    ArchitectureBuilder b = new ArchitectureBuilder(name, inputShape);
    int channels = width.of(16);
    b.conv(channels, 3, 1, 1).batchNorm(1e-5).activation(activation);
    for (int stage = 0; stage < 3; stage++) {
      int planes = width.of(16 << stage);
      for (int k = 0; k < 3; k++) {
        int stride = stage > 0 && k == 0 ? 2 : 1;
        String x = b.last();
        String y = b.conv(planes, 3, stride, 1).batchNorm(1e-5).activation(activation)
            .conv(planes, 3, 1, 1).batchNorm(1e-5).last();
        String shortcut = stride != 1 || channels != planes
            ? b.from(x).conv(planes, 1, stride, 0).batchNorm(1e-5).last() : x;
        b.add(y, shortcut).activation(activation);
        channels = planes;
      }
    }
    b.avgPool(8).flatten();
    return b.linear(numClasses).build(numClasses);
  }
}
