package org.spikebridge.cli;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.metrics.SimulationRecorder;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.TensorShape;
import org.spikebridge.dense.DenseEngine;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.event.EventEngine;
import org.spikebridge.simulate.event.WeightRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikebridge bench}: the dense and the event engine, interleaved in one process, on cnn7
 * and VGG-16, with image·time-steps per second, their ratio, synaptic operations per second and
 * peak heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time the dense (libtorch) and the event-driven (Java) engines on cnn7 and VGG-16: "
        + "image·time-steps/s, event/dense ratio, synaptic operations/s, peak heap.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", description = "cnn7 spiking network folder or training run "
      + "(converted with rnl), run on Fashion-MNIST test images; random weights without it.")
  Path checkpoint;

  @Option(names = "--data-dir", description = "Folder holding Fashion-MNIST (searched first).")
  Path dataDir;

  @Option(names = "--models", split = ",", defaultValue = "cnn7,vgg16-fc512",
      description = "Models to run: cnn7 (--checkpoint's weights, else random), vgg16-fc512 (VGG-16 with a "
          + "512-wide classifier, random weights) (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--timesteps", split = ",", defaultValue = "64,256",
      description = "Values of T (default: ${DEFAULT-VALUE}).")
  List<Integer> timesteps;

  @Option(names = "--batch", defaultValue = "256", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--repeats", defaultValue = "2",
      description = "Timed runs per engine, after one untimed warm-up run each (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--engines", split = ",", defaultValue = "dense,event",
      description = "Engines to run: dense, event (default: ${DEFAULT-VALUE}).")
  List<String> engines;

  @Option(names = "--threads", defaultValue = "0",
      description = "Event engine threads, 0 for one per processor (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of random weights and images (default: ${DEFAULT-VALUE}).")
  long seed;

  /** One timed run. */
  private record Measurement(double seconds, double cpuSeconds, long operations, long peakHeap, long spikes) {}

  @Override
  public Integer call() throws Exception {
    if (batch <= 0 || repeats <= 0 || threads < 0 || timesteps.stream().anyMatch(t -> t <= 0)) {
      throw new IllegalArgumentException("--batch, --repeats and --timesteps must be > 0, --threads ≥ 0");
    }
    EventEngine event = threads == 0 ? new EventEngine() : new EventEngine(threads);
    Map<String, SimulationEngine> all = Map.of("dense", new DenseEngine(Device.cpu()), "event", event);
    for (String e : engines) {
      if (!all.containsKey(e)) {
        throw new IllegalArgumentException("--engines: unknown engine '" + e + "'; known: dense, event");
      }
    }
    System.out.printf("%d processors, event engine on %d threads (%s), max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(), event.threads(), WeightRuns.vectorized()
            ? "Vector API kernel" : "plain-loop kernel: start Java with --add-modules jdk.incubator.vector",
        Runtime.getRuntime().maxMemory() >> 20);
    MachinePeak peak = MachinePeak.of(event.threads(), WeightRuns.lanes());
    System.out.println(peak.describe());
    System.out.printf("%-12s %5s %5s %-6s %9s %9s %14s %8s %14s %7s %10s %12s%n", "model", "T", "batch",
        "engine", "seconds", "cpu s", "image·steps/s", "ev/dense", "syn.ops/s", "% peak", "peak MiB", "spikes");
    for (String model : models) {
      BenchNetworks.Workload work = switch (model) {
        case "cnn7" -> BenchNetworks.cnn7(checkpoint, dataDir, batch, seed);
        case BenchNetworks.VGG16_FC512 -> BenchNetworks.vgg16Fc512(batch, seed);
        case "vgg16" -> BenchNetworks.zooVgg16(batch, seed);
        default -> throw new IllegalArgumentException("--models: unknown model '" + model + "'; known: cnn7, "
            + BenchNetworks.VGG16_FC512 + ", vgg16");
      };
      System.out.println("# " + model + ": " + work.origin());
      for (int t : timesteps) {
        SimulationOptions options = new SimulationOptions(t, InputCoding.CONSTANT, InitialMembrane.ZERO,
            Readout.ACCUMULATE, seed);
        for (String e : engines) {
          measure(all.get(e), event, work, options);
        }
        List<List<Measurement>> runs = new ArrayList<>();
        engines.forEach(e -> runs.add(new ArrayList<>()));
        for (int r = 0; r < repeats; r++) {
          for (int e = 0; e < engines.size(); e++) {
            runs.get(e).add(measure(all.get(engines.get(e)), event, work, options));
          }
        }
        double denseRate = Double.NaN;
        for (int e = 0; e < engines.size(); e++) {
          Measurement best = runs.get(e).stream().min((a, b) -> Double.compare(a.seconds(), b.seconds())).orElseThrow();
          double rate = (double) work.batch().size() * t / best.seconds();
          boolean dense = "dense".equals(engines.get(e));
          denseRate = dense ? rate : denseRate;
          double operations = dense ? denseOperations(work.snn()) * work.batch().size() * t : best.operations();
          double perSecond = operations / best.seconds();
          System.out.printf("%-12s %5d %5d %-6s %9.2f %9.2f %14.0f %8s %14.3e %7s %10d %12d%n", model, t,
              work.batch().size(), engines.get(e), best.seconds(), best.cpuSeconds(), rate,
              dense || Double.isNaN(denseRate) ? "" : String.format("%.2f", rate / denseRate),
              perSecond, dense ? "" : peak.percent(perSecond), best.peakHeap() >> 20, best.spikes());
        }
      }
    }
    System.out.println("Best of the timed runs. cpu s: CPU time of the process during the run (all "
        + "threads). syn.ops/s: fan-out additions the event engine performed; for the dense engine "
        + "the multiply-adds of its per-step convolutions and matrix products. % peak: the event "
        + "engine's additions against the machine's peak above.");
    return 0;
  }

  private static Measurement measure(SimulationEngine engine, EventEngine event, BenchNetworks.Workload work,
      SimulationOptions options) {
    SimulationRecorder recorder = new SimulationRecorder(
        work.snn().spikingLayers().stream().map(Layer::name).toList(), options.timesteps());
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long operations = event.synapticOperations();
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    engine.simulate(work.snn(), work.batch(), options, recorder);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    double spikes = 0;
    for (double[] perStep : recorder.result().spikesPerImage()) {
      for (double s : perStep) {
        spikes += s * work.batch().size();
      }
    }
    return new Measurement(seconds, cpuSeconds, event.synapticOperations() - operations, peak,
        Math.round(spikes));
  }

  /** CPU time of the whole process (Java and native threads), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The multiply-adds of the dense engine per image and step: every Conv2d and Linear whose input
   * depends on spikes (the first map under constant coding is computed once per batch).
   */
  static long denseOperations(SpikingNetwork snn) {
    Architecture arch = snn.network().architecture();
    Map<String, TensorShape> shapes = arch.outputShapes();
    long total = 0;
    for (Layer layer : arch.layers()) {
      if (layer instanceof Layer.Conv2d c && !layer.inputs().contains(Architecture.INPUT)) {
        total += shapes.get(c.name()).size() * c.inChannels() * c.kernel() * c.kernelWidth();
      } else if (layer instanceof Layer.Linear f) {
        total += (long) f.inFeatures() * f.outFeatures();
      }
    }
    return total;
  }
}
