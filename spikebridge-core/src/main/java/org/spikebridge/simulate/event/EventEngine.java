package org.spikebridge.simulate.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepObserver;

/**
 * An event-driven engine in plain Java: a spike adds its fan-out weights (a kernel slice of a
 * convolution, a column of a Linear layer, average pooling folded in) to the next layer's currents,
 * with no multiplication, instead of a full convolution per layer and step; spiking max pooling
 * passes on only the spikes of each window's leading neuron, updated per spike. Biases are a
 * constant current; under constant coding, so is the input's current, computed once per image, and
 * the first layer simulates only its neurons that can fire ({@link ConstantCurrentNeurons}). Each
 * image runs a block of steps layer by layer, every layer over the whole block ({@link
 * ImageGroup}), so that a layer's weights and potentials stay in cache while its input spikes
 * stream through. Images of a batch run in parallel on a fixed pool of daemon threads, each thread
 * with its own flat, channels-last state; nothing is allocated per time step. When a map's weights
 * are larger than a core's cache (VGG-16's deeper layers), each thread runs {@value #GROUP} images
 * in lockstep and adds their spikes through that map together, reading its weights once for all of
 * them ({@link ImageGroup}); an image's results do not depend on its group.
 *
 * <p>It reports the same steps as the dense reference engine: spike counts agree up to float
 * summation order (a different order can flip a neuron that sits exactly at its threshold).
 * Poisson input uses the dense engine's random draws ({@link PoissonSpikes}), so both see the same
 * input spikes. Results are reported once all images of a batch are done. Under early exit
 * ({@link SettledImages}) an image that stops leaves its group after the block it stopped in, and
 * the steps it ran past its stop are taken back.
 */
public final class EventEngine implements SimulationEngine {
  /** Images a worker runs in lockstep when some map shares its weight reads ({@link ImageGroup}). */
  static final int GROUP = 8;

  private final int threads;
  private final ExecutorService pool;
  private final AtomicLong synapticOperations = new AtomicLong();
  private SpikingNetwork compiledFrom;
  private EventNetwork compiled;
  private OutputBounds compiledBounds;
  private Synapses[][] compiledNegated;

  /** An engine with one thread per available processor. */
  public EventEngine() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** An engine on {@code threads} threads. */
  public EventEngine(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be > 0, found " + threads);
    }
    this.threads = threads;
    AtomicInteger number = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "event-engine-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public String name() {
    return "event-java";
  }

  /** The number of worker threads. */
  public int threads() {
    return threads;
  }

  /** The fan-out additions performed since this engine was made (synaptic operations). */
  public long synapticOperations() {
    return synapticOperations.get();
  }

  @Override
  public void simulate(SpikingNetwork network, Batch batch, SimulationOptions options,
      StepObserver observer) {
    EventNetwork net = compile(network);
    TensorShape found = TensorShape.of(batch.channels(), batch.height(), batch.width());
    if (!found.equals(net.inputShape())) {
      throw new IllegalArgumentException("network " + network.network().architecture().name()
          + " expects inputs of " + net.inputShape() + ", the batch holds " + found);
    }
    SimulationEngine.checkSignedSpikes(network, options);
    Synapses[][] negated = options.reset().signed() ? negated() : null;
    PoissonSpikes poisson = options.coding() == InputCoding.POISSON
        ? PoissonSpikes.draw(batch, options.timesteps(), options.seed()) : null;
    EarlyExit exit = options.earlyExit();
    SettledImages settled = exit.enabled() ? new SettledImages(exit,
        exit.criterion() == EarlyExit.Criterion.EXACT ? bounds() : null, options.readout(),
        options.timesteps(), net.output().size(), batch.size()) : null;
    BatchOutcome outcome = new BatchOutcome(batch.size(), options.timesteps(), net.spiking().size(),
        observer.wantsSpikeCounts(), observer.wantsReference(), settled);
    int group = ImageGroup.size(net, GROUP);
    int workers = Math.min(threads, batch.size());
    int chunk = Math.min(group, (batch.size() + workers - 1) / workers);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      running.add(pool.submit(() -> {
        ImageGroup images = new ImageGroup(net, group, options, batch, poisson, outcome, negated);
        for (int i = next.getAndAdd(chunk); i < batch.size(); i = next.getAndAdd(chunk)) {
          images.run(i, Math.min(chunk, batch.size() - i));
        }
        images.finish();
      }));
    }
    await(running);
    synapticOperations.addAndGet(outcome.synapticOperations());
    outcome.report(batch.labels(), observer);
  }

  /** The compiled form of {@code network}, kept for the next batch of the same network. */
  private synchronized EventNetwork compile(SpikingNetwork network) {
    if (compiledFrom != network) {
      compiled = EventNetwork.compile(network);
      compiledBounds = null;
      compiledNegated = null;
      compiledFrom = network;
    }
    return compiled;
  }

  /** The output bounds of the network compiled last, computed once. */
  private synchronized OutputBounds bounds() {
    if (compiledBounds == null) {
      compiledBounds = OutputBounds.of(compiled);
    }
    return compiledBounds;
  }

  /**
   * Per target (the output last) and projection of the network compiled last, its negated
   * synapses, made once: where spikes taken back go (null for the input's maps: the input takes no
   * spike back).
   */
  private synchronized Synapses[][] negated() {
    if (compiledNegated == null) {
      compiledNegated = compiled.targets().stream().map(t -> t.projections().stream()
          .map(p -> p.source() == Projection.INPUT ? null : p.synapses().negated())
          .toArray(Synapses[]::new)).toArray(Synapses[][]::new);
    }
    return compiledNegated;
  }

  private static void await(List<Future<?>> running) {
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("event engine interrupted", e);
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("event engine worker failed", e.getCause());
    }
  }
}
