package org.spikebridge.network;

import java.util.List;
import java.util.Map;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/**
 * Architectures by name, as the command line's {@code --model} accepts them: the paper's cnn7 and
 * AlexNet, VGG-11/13/16/19, pre-activation ResNet-18/34 and the CIFAR ResNet-20. Every activation
 * is a ReLU or a Rate Norm Layer as asked; every pooling is average pooling (it converts exactly).
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

  private ModelZoo() {}

  /** Names {@link #architecture} accepts. */
  public static List<String> names() {
    return List.of("cnn7", "alexnet", "vgg11", "vgg13", "vgg16", "vgg19", "preactresnet18",
        "preactresnet34", "resnet20");
  }

  /**
   * The architecture called {@code model} for inputs of {@code inputShape} with {@code numClasses}
   * classes and the given activation; an exception listing the known names if there is none.
   */
  public static Architecture architecture(String model, TensorShape inputShape, int numClasses,
      Activation activation) {
    return switch (model) {
      case "cnn7" -> cnn7(inputShape, numClasses, activation);
      case "alexnet" -> alexNet(inputShape, numClasses, activation);
      case "vgg11", "vgg13", "vgg16", "vgg19" -> vgg(model, inputShape, numClasses, activation);
      case "preactresnet18" -> preActResNet(model, new int[] {2, 2, 2, 2}, inputShape, numClasses,
          activation);
      case "preactresnet34" -> preActResNet(model, new int[] {3, 4, 6, 3}, inputShape, numClasses,
          activation);
      case "resnet20" -> resNet20(inputShape, numClasses, activation);
      default -> throw new IllegalArgumentException("unknown model '" + model + "'; known: "
          + String.join(", ", names()));
    };
  }

  /**
   * The paper's 7-layer MNIST CNN: three times Conv(3×3, no padding) → BatchNorm → activation →
   * AvgPool(2), channels 32, the third BatchNorm with eps 1e-3; then Flatten and Linear(→classes).
   */
  public static Architecture cnn7(TensorShape inputShape, int numClasses, Activation activation) {
    ArchitectureBuilder b = new ArchitectureBuilder("cnn7", inputShape);
    double[] eps = {1e-5, 1e-5, 1e-3};
    for (double e : eps) {
      b.conv(32, 3, 1, 0).batchNorm(e).activation(activation).avgPool(2);
    }
    return b.flatten().linear(numClasses).build(numClasses);
  }

  /**
   * The paper's MNIST AlexNet: Conv(3×3, padding 1) → BatchNorm → activation with 32, 64, 128, 256
   * and 256 channels, AvgPool(2) after the first, second and fifth; then Dropout(0.5) → Linear(1024)
   * → activation → Dropout(0.5) → Linear(512) → activation → Linear(classes). On 28×28 inputs the
   * maps shrink 28 → 14 → 7 → 3, so the first Linear reads 256·3·3 = 2304 features.
   */
  public static Architecture alexNet(TensorShape inputShape, int numClasses, Activation activation) {
    ArchitectureBuilder b = new ArchitectureBuilder("alexnet", inputShape);
    int[] channels = {32, 64, 128, 256, 256};
    boolean[] pool = {true, true, false, false, true};
    for (int i = 0; i < channels.length; i++) {
      b.conv(channels[i], 3, 1, 1).batchNorm(1e-5).activation(activation);
      if (pool[i]) {
        b.avgPool(2);
      }
    }
    b.flatten().dropout(0.5).linear(1024).activation(activation).dropout(0.5).linear(512)
        .activation(activation);
    return b.linear(numClasses).build(numClasses);
  }

  /**
   * VGG-11/13/16/19 (Simonyan and Zisserman) for 32×32 inputs: the five blocks of Conv(3×3,
   * padding 1) → BatchNorm → activation, each ended by AvgPool(2); then Flatten → Linear(4096) →
   * activation → Dropout(0.5) → Linear(4096) → activation → Dropout(0.5) → Linear(classes).
   */
  public static Architecture vgg(String model, TensorShape inputShape, int numClasses,
      Activation activation) {
    int[] config = VGG.get(model);
    if (config == null) {
      throw new IllegalArgumentException("unknown VGG '" + model + "'; known: vgg11, vgg13, vgg16, vgg19");
    }
    ArchitectureBuilder b = new ArchitectureBuilder(model, inputShape);
    for (int channels : config) {
      if (channels == 0) {
        b.avgPool(2);
      } else {
        b.conv(channels, 3, 1, 1).batchNorm(1e-5).activation(activation);
      }
    }
    b.flatten().linear(4096).activation(activation).dropout(0.5).linear(4096).activation(activation)
        .dropout(0.5);
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
  public static Architecture preActResNet(String model, int[] blocks, TensorShape inputShape,
      int numClasses, Activation activation) {
    ArchitectureBuilder b = new ArchitectureBuilder(model, inputShape);
    b.conv(64, 3, 1, 1);
    int channels = 64;
    for (int stage = 0; stage < blocks.length; stage++) {
      int planes = 64 << stage;
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
  public static Architecture resNet20(TensorShape inputShape, int numClasses, Activation activation) {
    ArchitectureBuilder b = new ArchitectureBuilder("resnet20", inputShape);
    b.conv(16, 3, 1, 1).batchNorm(1e-5).activation(activation);
    int channels = 16;
    for (int stage = 0; stage < 3; stage++) {
      int planes = 16 << stage;
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
