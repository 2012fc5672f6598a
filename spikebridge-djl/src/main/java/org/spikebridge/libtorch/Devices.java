package org.spikebridge.libtorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintStream;

/**
 * The device a command runs on, from its {@code --device} option: {@code cpu}, or {@code gpu} for
 * the first CUDA device. DJL runs libtorch on CUDA when CUDA natives are present (the
 * {@code pytorch-native-cu*} jar on the class path, or downloaded by DJL when online); without
 * them {@code gpu} falls back to the CPU with a one-line notice.
 */
public final class Devices {
  private Devices() {}

  /**
   * The device {@code spec} names; {@code notices} receives the fallback line when a GPU is asked
   * for but DJL sees none.
   */
  public static Device parse(String spec, PrintStream notices) {
    return switch (spec) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (Engine.getInstance().getGpuCount() > 0) {
          yield Device.gpu();
        }
        notices.println("--device gpu: DJL sees no CUDA device (CPU-only PyTorch natives or no GPU; "
            + "see the README's 'GPU' section); running on the CPU");
        yield Device.cpu();
      }
      default -> throw new IllegalArgumentException("--device: expected cpu or gpu, found '" + spec + "'");
    };
  }
}
