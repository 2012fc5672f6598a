package org.spikebridge.dense;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.BatchReference;
import org.spikebridge.simulate.EarlyExit;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.IntegrateAndFireNeuron;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationEngine;
import org.spikebridge.simulate.SimulationOptions;
import org.spikebridge.simulate.StepObserver;
import org.spikebridge.simulate.StepRecord;
import org.spikebridge.simulate.event.OutputBounds;
import org.spikebridge.simulate.event.SettledImages;

/**
 * The reference engine: dense, step by step, on libtorch (CPU, or CUDA where DJL has it). Every
 * step recomputes every synaptic map as a full convolution or matrix product of the previous
 * layer's spikes, as SpikingJelly and the paper's code do; spiking max pooling gates each window's
 * spikes with the layer's spike counts ({@link LayerOps#spikingMaxPool}). Its neurons, and the
 * output neurons of spike-count readout, are {@link IntegrateAndFireNeuron}s updated a whole
 * tensor at a time. Memory is that of one batch: it does not grow with T or with the number of
 * batches. For an observer that does not want the ANN's view ({@link StepObserver#wantsReference})
 * it skips the analog pass and K's four passes over every spiking layer per step.
 */
public final class DenseEngine implements SimulationEngine {
  private final Device device;
  private SpikingNetwork boundsOf;
  private OutputBounds bounds;

  /** An engine on {@code device} ({@code Device.cpu()} or a GPU). */
  public DenseEngine(Device device) {
    this.device = device;
    MallocTuning.apply();
  }

  @Override
  public String name() {
    return "dense-djl";
  }

  @Override
  public void simulate(SpikingNetwork network, Batch batch, SimulationOptions options,
      StepObserver observer) {
    SimulationEngine.checkSignedSpikes(network, options);
    EarlyExit exit = options.earlyExit();
    SettledImages settled = exit.enabled() ? new SettledImages(exit,
        exit.criterion() == EarlyExit.Criterion.EXACT ? bounds(network) : null, options.readout(),
        options.timesteps(), network.network().architecture().numClasses(), batch.size()) : null;
    try (NDManager manager = NDManager.newBaseManager(device)) {
      new Run(network.network(), batch, options, observer, manager, settled).run();
    }
  }

  /** The output bounds of {@code network}, kept for its next batch. */
  private synchronized OutputBounds bounds(SpikingNetwork network) {
    if (boundsOf != network) {
      bounds = OutputBounds.of(network);
      boundsOf = network;
    }
    return bounds;
  }

  /** One batch's simulation: parameters, reference rates and neuron state on one manager. */
  private static final class Run {
    private final Architecture architecture;
    private final Batch batch;
    private final SimulationOptions options;
    private final StepObserver observer;
    private final NDManager manager;
    private final Map<String, NDArray> params = new HashMap<>();
    private final List<Layer.IntegrateAndFire> spiking;
    private final Map<String, NDArray> thresholds = new HashMap<>();
    private final Map<String, NDArray> initialMembranes = new HashMap<>();
    private final Map<String, NDArray> membrane = new HashMap<>();
    private final Map<String, NDArray> counts = new HashMap<>();
    private final Map<String, NDArray> rateLimits = new HashMap<>();
    private final Map<String, NDArray> rateNorms = new HashMap<>();
    /** Whether the observer wants the ANN's classes, Ω and K (else −1 and NaN, without the analog pass). */
    private final boolean wantsReference;
    private final Layer.Linear output;
    private NDArray accumulated;
    private NDArray outputMembrane;
    private NDArray outputSpikes;
    private final NDArray outputThreshold;
    /** The images' early-exit state; null when every image runs to T. */
    private final SettledImages settled;

    Run(Network network, Batch batch, SimulationOptions options, StepObserver observer,
        NDManager manager, SettledImages settled) {
      this.settled = settled;
      this.architecture = network.architecture();
      this.batch = batch;
      this.options = options;
      this.observer = observer;
      this.wantsReference = observer.wantsReference();
      this.manager = manager;
      List<Layer> layers = architecture.layers();
      this.output = (Layer.Linear) layers.get(layers.size() - 1);
      this.spiking = layers.stream().filter(Layer.IntegrateAndFire.class::isInstance)
          .map(Layer.IntegrateAndFire.class::cast).toList();
      this.outputThreshold = manager.create(IntegrateAndFireNeuron.OUTPUT_THRESHOLD);
      network.parameters().forEach((name, t) -> params.put(name, create(t)));
      Map<String, TensorShape> shapes = architecture.outputShapes();
      for (Layer.IntegrateAndFire f : spiking) {
        int rank = shapes.get(f.name()).rank();
        thresholds.put(f.name(), broadcastable(f, Layer.IntegrateAndFire.THRESHOLD, rank));
        if (f.initialMembrane()) {
          initialMembranes.put(f.name(), broadcastable(f, Layer.IntegrateAndFire.INITIAL_MEMBRANE, rank));
        }
      }
    }

    /** Parameter {@code local} of {@code f}, shaped to broadcast over its outputs of rank {@code rank}. */
    private NDArray broadcastable(Layer.IntegrateAndFire f, String local, int rank) {
      NDArray values = params.get(f.name() + "." + local);
      return f.perChannel() ? values.reshape(LayerOps.perChannel((int) values.size(), rank)) : values;
    }

    /** The potential of layer {@code name}'s neurons at t = 0, to broadcast over its outputs. */
    private NDArray initialMembrane(String name) {
      return switch (options.initialMembrane()) {
        case ZERO -> manager.create(0f);
        case HALF_THRESHOLD -> thresholds.get(name).div(2f);
        case CALIBRATED -> initialMembranes.getOrDefault(name, manager.create(0f));
      };
    }

    private NDArray create(Tensor t) {
      long[] dims = Arrays.stream(t.shape().dims()).asLongStream().toArray();
      return manager.create(t.data(), new Shape(dims));
    }

    void run() {
      NDArray x = manager.create(batch.images(),
          new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
      int[] annPredictions = wantsReference ? reference(x) : unknownClasses();
      observer.batchStarted(new BatchReference(batch.labels(), annPredictions, omega()));
      Map<String, TensorShape> shapes = architecture.outputShapes();
      for (Layer.IntegrateAndFire f : spiking) {
        membrane.put(f.name(), zeros(shapes.get(f.name())).add(initialMembrane(f.name())));
        counts.put(f.name(), zeros(shapes.get(f.name())));
      }
      accumulated = zeros(shapes.get(output.name()));
      outputMembrane = accumulated.zerosLike();
      outputSpikes = accumulated.zerosLike();
      SplittableRandom random = new SplittableRandom(options.seed() ^ Arrays.hashCode(batch.images()));
      Map<String, NDArray> constant = options.coding() == InputCoding.CONSTANT ? constantCurrents(x)
          : new HashMap<>();
      for (int t = 1; t <= options.timesteps(); t++) {
        try (NDScope scope = new NDScope()) {
          Map<String, NDArray> outputs = new HashMap<>(constant);
          outputs.putIfAbsent(Architecture.INPUT, poisson(random));
          observer.stepFinished(step(t, outputs));
        }
      }
      if (observer.wantsSpikeCounts()) {
        observer.spikeCounts(neuronCounts());
      }
    }

    /** Each neuron's spike count per spiking layer and image, [C, H, W] order within an image. */
    private int[][][] neuronCounts() {
      int images = batch.size();
      int[][][] perLayer = new int[spiking.size()][images][];
      for (int l = 0; l < spiking.size(); l++) {
        float[] all = counts.get(spiking.get(l).name()).toFloatArray();
        int size = all.length / images;
        for (int i = 0; i < images; i++) {
          int[] image = new int[size];
          for (int j = 0; j < size; j++) {
            image[j] = Math.round(all[i * size + j]);
          }
          perLayer[l][i] = image;
        }
      }
      return perLayer;
    }

    /**
     * Under constant coding the input is the same at every step, and so is every layer that
     * depends on the input alone (the first synaptic map): computed once per batch, not per step.
     */
    private Map<String, NDArray> constantCurrents(NDArray x) {
      Map<String, NDArray> constant = new HashMap<>();
      constant.put(Architecture.INPUT, x);
      for (Layer layer : architecture.layers()) {
        if (layer instanceof Layer.IntegrateAndFire || !constant.keySet().containsAll(layer.inputs())) {
          continue;
        }
        constant.put(layer.name(), linear(layer, layer.inputs().stream().map(constant::get).toList()));
      }
      return constant;
    }

    /**
     * The rate limits r̂_l of every spiking layer (Lemma 1; quantized for a layer with levels) and
     * the ANN's predictions.
     */
    private int[] reference(NDArray x) {
      Map<String, NDArray> outputs = new HashMap<>();
      outputs.put(Architecture.INPUT, x);
      NDArray out = x;
      for (Layer layer : architecture.layers()) {
        List<NDArray> in = layer.inputs().stream().map(outputs::get).toList();
        if (layer instanceof Layer.IntegrateAndFire f) {
          out = in.get(0).div(thresholds.get(f.name())).clip(0f, 1f);
          if (f.levels() > 0) {
            // clip(floor(L·r + 1/2)/L, 0, 1) = floor(L·clip(r, 0, 1) + 1/2)/L (Layer#quantizedRate)
            out = out.mul((float) f.levels()).add(0.5f).floor().div((float) f.levels());
          }
          rateLimits.put(f.name(), out);
          rateNorms.put(f.name(), sumPerImage(out.square()));
        } else {
          out = linear(layer, in);
        }
        outputs.put(layer.name(), out);
      }
      return toInts(out.argMax(1));
    }

    /** The ANN's classes where the analog pass was skipped: −1 for every image. */
    private int[] unknownClasses() {
      int[] classes = new int[batch.size()];
      Arrays.fill(classes, -1);
      return classes;
    }

    /** Zeros for the batch's outputs of a layer of output shape {@code shape}, laid out as its currents. */
    private NDArray zeros(TensorShape shape) {
      long[] dims = LongStream.concat(LongStream.of(batch.size()), Arrays.stream(shape.dims()).asLongStream())
          .toArray();
      return channelsLast(manager.zeros(new Shape(dims)));
    }

    private float[][] omega() {
      float[][] omega = new float[spiking.size()][];
      for (int l = 0; l < spiking.size(); l++) {
        String name = spiking.get(l).name();
        omega[l] = wantsReference ? sumPerImage(rateLimits.get(name)).div(rateNorms.get(name)).toFloatArray()
            : unknown();
      }
      return omega;
    }

    /** NaN for every image: a value of the skipped analog pass. */
    private float[] unknown() {
      float[] values = new float[batch.size()];
      Arrays.fill(values, Float.NaN);
      return values;
    }

    /** One time step of Eq. 3 for every layer; returns what it recorded. */
    private StepRecord step(int t, Map<String, NDArray> outputs) {
      NDArray out = null;
      long[] spikes = new long[spiking.size()];
      float[][] k = new float[spiking.size()][];
      int l = 0;
      for (Layer layer : architecture.layers()) {
        List<NDArray> in = layer.inputs().stream().map(outputs::get).toList();
        if (outputs.containsKey(layer.name())) {
          out = outputs.get(layer.name());
        } else if (layer instanceof Layer.IntegrateAndFire f) {
          NDArray count = counts.get(f.name());
          NDArray s = options.reset().signed()
              ? chargeAndFireSigned(membrane.get(f.name()), in.get(0), thresholds.get(f.name()), count)
              : chargeAndFire(membrane.get(f.name()), in.get(0), thresholds.get(f.name()), options.reset());
          count.addi(s);
          spikes[l] = runningSpikes(options.reset().signed() ? s.abs() : s);
          k[l] = k(f.name(), t);
          l++;
          out = s;
        } else if (layer instanceof Layer.MaxPool2d m) {
          out = LayerOps.spikingMaxPool(m, in.get(0), counts.get(m.inputs().get(0)));
        } else {
          out = linear(layer, in);
        }
        outputs.put(layer.name(), out);
      }
      accumulated.addi(out);
      int[] predicted = predictions(out);
      return new StepRecord(t, predicted, spikes, k, settled == null ? 0 : settle(t, predicted));
    }

    /** The spikes {@code s} of one layer, summed over the images still running. */
    private long runningSpikes(NDArray s) {
      if (settled == null) {
        return (long) s.sum().getFloat();
      }
      float[] perImage = sumPerImage(s).toFloatArray();
      long sum = 0;
      for (int i = 0; i < perImage.length; i++) {
        sum += settled.stopped(i) ? 0 : (long) perImage[i];
      }
      return sum;
    }

    /**
     * Freezes the class of every image that stopped before step t and asks every other whether it
     * stops at t; returns how many do.
     */
    private int settle(int t, int[] predicted) {
      float[] currents = accumulated.toFloatArray();
      int[] spikeCounts = options.readout() == Readout.SPIKE_COUNT
          ? toInts(outputSpikes.toType(DataType.INT64, false)) : null;
      int classes = currents.length / predicted.length;
      int stopping = 0;
      for (int i = 0; i < predicted.length; i++) {
        if (settled.stopped(i)) {
          predicted[i] = settled.prediction(i);
        } else if (settled.settles(i, t, predicted[i], currents, spikeCounts, i * classes)) {
          stopping++;
        }
      }
      return stopping;
    }

    /**
     * K_l(t) = ‖count/t − r̂‖² / ‖r̂‖² per image (Eq. 7), NaN where r̂ = 0 and where the analog pass
     * was skipped.
     */
    private float[] k(String layer, int t) {
      if (!wantsReference) {
        return unknown();
      }
      NDArray diff = counts.get(layer).div((float) t).sub(rateLimits.get(layer));
      float[] num = sumPerImage(diff.square()).toFloatArray();
      float[] den = rateNorms.get(layer).toFloatArray();
      for (int i = 0; i < num.length; i++) {
        boolean stopped = settled != null && settled.stopped(i);
        num[i] = den[i] == 0 || stopped ? Float.NaN : num[i] / den[i];
      }
      return num;
    }

    private int[] predictions(NDArray current) {
      if (options.readout() == Readout.ACCUMULATE) {
        return toInts(accumulated.argMax(1));
      }
      outputSpikes.addi(chargeAndFire(outputMembrane, current, outputThreshold, options.reset()));
      int[] counts = toInts(outputSpikes.toType(DataType.INT64, false));
      float[] currents = accumulated.toFloatArray();
      int classes = (int) outputSpikes.getShape().get(1);
      int[] predicted = new int[batch.size()];
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = Readout.spikeCountClass(counts, currents, i * classes, classes);
      }
      return predicted;
    }

    /**
     * One step of {@link IntegrateAndFireNeuron#chargeAndFire} on tensors: charges {@code v} in
     * place with {@code current}, fires where v ≥ θ and resets where it fired ({@link
     * ResetMode#afterSpike}: v − s·θ by subtraction, v − s·v = 0 to zero); returns the spikes s
     * (1 where fired, else 0) in {@code v}'s shape.
     */
    private static NDArray chargeAndFire(NDArray v, NDArray current, NDArray theta, ResetMode reset) {
      v.addi(current);
      NDArray s = v.gte(theta).toType(DataType.FLOAT32, false);
      v.subi(s.mul(reset == ResetMode.ZERO ? v : theta));
      return s;
    }

    /**
     * One step of {@link IntegrateAndFireNeuron#chargeAndFireSigned} on tensors: charges {@code v}
     * in place, fires (+1, v − θ) where v ≥ θ, takes a spike back (−1, v + θ) where v &lt; 0 and
     * the net {@code count} so far is positive; returns the signed spikes in {@code v}'s shape.
     */
    private static NDArray chargeAndFireSigned(NDArray v, NDArray current, NDArray theta, NDArray count) {
      v.addi(current);
      NDArray fired = v.gte(theta);
      NDArray back = v.lt(0f).logicalAnd(count.gt(0f)).logicalAnd(fired.logicalNot());
      NDArray s = fired.toType(DataType.FLOAT32, false).sub(back.toType(DataType.FLOAT32, false));
      v.subi(s.mul(theta));
      return s;
    }

    private NDArray linear(Layer layer, List<NDArray> in) {
      NDArray out = LayerOps.applyLinear(layer, in, local -> params.get(layer.name() + "." + local));
      if (out == null) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' ("
            + layer.getClass().getSimpleName() + ") has no place in a spiking network");
      }
      return layer.inputs().contains(Architecture.INPUT) ? channelsLast(out) : out;
    }

    /**
     * {@code a} with its values laid out channels-last when it is [N, C, H, W] (still indexed
     * [N, C, H, W]), else {@code a}. libtorch keeps that layout through the elementwise operations,
     * poolings and convolutions that follow, and pools it several times faster on CPU.
     */
    private static NDArray channelsLast(NDArray a) {
      Shape s = a.getShape();
      if (s.dimension() != 4) {
        return a;
      }
      return a.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
          .transpose(0, 3, 1, 2);
    }

    private NDArray poisson(SplittableRandom random) {
      float[] pixels = batch.images();
      float[] spikes = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        spikes[i] = random.nextFloat() < pixels[i] ? 1f : 0f;
      }
      return manager.create(spikes,
          new Shape(batch.size(), batch.channels(), batch.height(), batch.width()));
    }

    private static NDArray sumPerImage(NDArray a) {
      int[] axes = new int[a.getShape().dimension() - 1];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i + 1;
      }
      return a.sum(axes);
    }

    private static int[] toInts(NDArray indices) {
      return Arrays.stream(indices.toLongArray()).mapToInt(Math::toIntExact).toArray();
    }
  }
}
