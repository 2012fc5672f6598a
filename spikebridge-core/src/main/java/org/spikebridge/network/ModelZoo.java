package org.spikebridge.network;

import java.util.List;
import org.spikebridge.network.ArchitectureBuilder.Activation;

/** Architectures by name, as the command line's {@code --model} accepts them. */
public final class ModelZoo {
  private ModelZoo() {}

  /** Names {@link #architecture} accepts. */
  public static List<String> names() {
    return List.of("cnn7");
  }

  /**
   * The architecture called {@code model} for inputs of {@code inputShape} with {@code numClasses}
   * classes and the given activation; an exception listing the known names if there is none.
   */
  public static Architecture architecture(String model, TensorShape inputShape, int numClasses,
      Activation activation) {
    return switch (model) {
      case "cnn7" -> cnn7(inputShape, numClasses, activation);
      default -> throw new IllegalArgumentException("unknown model '" + model + "'; known: " + names());
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
}
