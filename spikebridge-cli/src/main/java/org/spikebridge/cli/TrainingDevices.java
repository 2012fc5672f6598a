package org.spikebridge.cli;

import org.spikebridge.dense.Devices;
import org.spikebridge.train.DataParallel;
import picocli.CommandLine.Option;

/** The {@code --device} and {@code --gpus} options of the commands that train (train, tune). */
final class TrainingDevices {
  @Option(names = "--device", defaultValue = "cpu",
      description = "cpu or gpu; gpu falls back to the CPU when DJL has no CUDA natives "
          + "(default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--gpus", defaultValue = "1", description = "With --device gpu: split each batch "
      + "over this many GPUs (data parallelism; BatchNorm then uses per-GPU batch statistics, as "
      + "PyTorch's DataParallel) (default: ${DEFAULT-VALUE}).")
  int gpus;

  /** The devices the options name, with the fallback notices on standard error. */
  DataParallel parallel() {
    return new DataParallel(Devices.parse(device, gpus, System.err));
  }
}
