package org.spikebridge.dense;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintStream;
import java.util.List;

/**
 * The device a command runs on, from its {@code --device} option: {@code cpu}, or {@code gpu} for
 * the first CUDA device. DJL runs libtorch on CUDA when CUDA natives are present (the
 * {@code pytorch-native-cu*} jar on the class path, or downloaded by DJL when online); without
 * them {@code gpu} falls back to the CPU with a one-line notice. Training may use several GPUs
 * ({@code --gpus N}, data parallelism).
 */
public final class Devices {
  private Devices() {}

  /**
   * The device {@code spec} names; {@code notices} receives the fallback line when a GPU is asked
   * for but DJL sees none.
   */
  public static Device parse(String spec, PrintStream notices) {
    return parse(spec, 1, notices).get(0);
  }

  /**
   * The devices {@code spec} names for data-parallel training: the CPU, or up to {@code gpus} CUDA
   * devices (DJL's {@code Engine.getDevices(maxGpus)}); {@code notices} receives a line when fewer
   * GPUs than asked for are present, or none (then the CPU).
   */
  public static List<Device> parse(String spec, int gpus, PrintStream notices) {
    if (gpus < 1) {
      throw new IllegalArgumentException("--gpus: expected 1 or more, found " + gpus);
    }
    return switch (spec) {
      case "cpu" -> {
        if (gpus > 1) {
          throw new IllegalArgumentException("--gpus " + gpus + " needs --device gpu");
        }
        yield List.of(Device.cpu());
      }
      case "gpu" -> {
        int present = Engine.getInstance().getGpuCount();
        if (present == 0) {
          notices.println("--device gpu: DJL sees no CUDA device (CPU-only PyTorch natives or no "
              + "GPU; see the README's 'GPU' section); running on the CPU");
          yield List.of(Device.cpu());
        }
        if (present < gpus) {
          notices.println("--gpus " + gpus + ": DJL sees " + present + " CUDA device(s); using "
              + present);
        }
        yield List.of(Engine.getInstance().getDevices(Math.min(gpus, present)));
      }
      default -> throw new IllegalArgumentException("--device: expected cpu or gpu, found '" + spec + "'");
    };
  }
}
