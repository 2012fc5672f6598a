package org.spikebridge.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spikebridge.train.TrainableNetwork.ForwardPass;
import org.spikebridge.train.TrainableNetwork.Mode;

/**
 * Data parallelism over the devices of one machine, as PyTorch's {@code DataParallel}: a batch is
 * split into one shard per device, each shard's forward pass runs on its device with the
 * parameters moved there, and the logits and rates are gathered on the first device, where the
 * loss is computed once. The backward pass then brings every shard's gradient back through the
 * moves to the parameters, which live on the first device; the optimizer steps there.
 *
 * <p>The network is the same as on one device except in stage 1's training mode: BatchNorm
 * normalizes each shard with the shard's own batch statistics, and the running statistics and
 * running maxima are updated from the first shard only (the others update copies). Stage 2 and
 * evaluation do not depend on the split.
 */
public final class DataParallel {
  private final List<Device> devices;

  /** Data parallelism over {@code devices}; the first holds the parameters. */
  public DataParallel(List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("data parallelism needs at least one device");
    }
    this.devices = List.copyOf(devices);
  }

  /** One device: the CPU. */
  public static DataParallel cpu() {
    return new DataParallel(List.of(Device.cpu()));
  }

  /** The devices, the first holding the parameters. */
  public List<Device> devices() {
    return devices;
  }

  /** The device that holds the parameters, the gathered outputs and the loss. */
  public Device primary() {
    return devices.get(0);
  }

  /**
   * {@code network.forward(x, mode)} with the batch {@code x} (on the first device) split across
   * the devices; with one device, exactly that call. Shard k holds images [⌈kN/D⌉, ⌈(k+1)N/D⌉).
   */
  public ForwardPass forward(TrainableNetwork network, NDArray x, Mode mode) {
    if (devices.size() == 1) {
      return network.forward(x, mode);
    }
    List<ForwardPass> parts = shards(network, x, mode);
    List<NDArray> rates = new ArrayList<>();
    for (int l = 0; l < parts.get(0).rates().size(); l++) {
      int layer = l;
      rates.add(gather(parts, p -> p.rates().get(layer)));
    }
    return new ForwardPass(gather(parts, ForwardPass::logits), rates);
  }

  /**
   * The logits of {@link #forward}, without gathering the rates on the first device (stage 1,
   * whose loss needs only the logits).
   */
  public NDArray logits(TrainableNetwork network, NDArray x, Mode mode) {
    if (devices.size() == 1) {
      return network.forward(x, mode).logits();
    }
    return gather(shards(network, x, mode), ForwardPass::logits);
  }

  /** Each non-empty shard's forward pass on its device. */
  private List<ForwardPass> shards(TrainableNetwork network, NDArray x, Mode mode) {
    long n = x.getShape().get(0);
    int d = devices.size();
    // every replica is taken before any shard runs: a training pass updates running maxima,
    // which the Rate Norm Layers of the later shards must not see
    List<Map<String, NDArray>> replicas = new ArrayList<>();
    replicas.add(network.parameters());
    for (int k = 1; k < d; k++) {
      replicas.add(network.replicate(devices.get(k)));
    }
    List<ForwardPass> parts = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      long from = ceilDiv(n * k, d);
      long to = ceilDiv(n * (k + 1), d);
      if (from < to) {
        NDArray shard = x.get(new NDIndex("{}:{}", from, to)).toDevice(devices.get(k), false);
        parts.add(network.forward(shard, mode, replicas.get(k)));
      }
    }
    return parts;
  }

  private NDArray gather(List<ForwardPass> parts, Function<ForwardPass, NDArray> output) {
    NDList onPrimary = new NDList();
    parts.forEach(p -> onPrimary.add(output.apply(p).toDevice(primary(), false)));
    return NDArrays.concat(onPrimary);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
