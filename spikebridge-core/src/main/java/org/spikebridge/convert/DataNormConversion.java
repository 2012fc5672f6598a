package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * The common part of the data-based baselines, which convert a <em>ReLU</em> network: each ReLU
 * layer l gets a scale λ_l (one value, or one per channel) observed on calibration images — the
 * subclass says how — and becomes a layer of integrate-and-fire neurons with reset by subtraction
 * (Eq. 3) <em>of the same name</em>, whose spikes (0/1) stand for a_l/λ_l.
 *
 * <p>The steps: BatchNorm is folded ({@link BatchNormFolding}); Dropout is removed; MaxPool2d is
 * refused, replaced by AvgPool2d or kept as spiking max pooling after a ReLU, as
 * {@link ConversionOptions#maxPool()} says (the baselines of the paper run on the ReLU twin with
 * average pooling); the scales are computed on this prepared
 * ReLU network; then every weighted layer (Conv2d, Linear) is rescaled to meet Theorem 1 (Eq. 5)
 * with max_l = λ_l and λ_0 = 1 for the input:
 * <ul>
 *   <li>{@link ThresholdForm#THRESHOLD_BALANCING}: W·λ_{l−1}, bias unchanged, threshold λ_l; the
 *       output Linear gets W·λ_L, bias unchanged, so its current per step is the ANN's logits in the
 *       rate limit;</li>
 *   <li>{@link ThresholdForm#WEIGHT_NORMALIZATION}: thresholds 1, W·λ_{l−1}/λ_l and b/λ_l.</li>
 * </ul>
 * A per-channel λ of the source is broadcast over the input-channel dimension of the weight
 * (through AvgPool2d, MaxPool2d and Flatten, which keep channels apart); a per-channel λ_l divides output
 * channel o by λ_l[o].
 *
 * <p>How this is done on any graph — residual sums, per-channel affine maps left from BatchNorm on a
 * sum — is {@link TheoremOneScaling}'s: ReLU layer l has threshold scale and rate scale λ_l.
 *
 * <p>Provenance: the ANN's settings plus {@code conversion.method}, {@code conversion.form},
 * {@code conversion.maxpool}, {@code conversion.calibrationImages} and, when they apply,
 * {@code conversion.foldedBatchNorm}, {@code conversion.affineBatchNorm} (BatchNorm kept as a
 * per-channel affine map), {@code conversion.droppedDropout},
 * {@code conversion.replacedMaxPool} or {@code conversion.spikingMaxPool} and the method's own
 * settings.
 */
public abstract class DataNormConversion implements ConversionMethod {

  @Override
  public final boolean needsCalibration() {
    return true;
  }

  /**
   * The scale λ_l of each ReLU layer of {@code prepared} (BatchNorm folded, no Dropout, max
   * pooling replaced or kept as the policy says), by name: one value, or one per channel (dimension 0 of the
   * layer's output). Every value must be positive and finite.
   */
  protected abstract Map<String, float[]> scales(Network prepared, List<String> relus,
      CalibrationSet calibration, ConversionOptions options);

  /** One layer-wide scale per layer: {@code statistic} of each layer times {@code factor}. */
  protected static Map<String, float[]> layerWide(Map<String, Float> statistic, double factor) {
    Map<String, float[]> out = new LinkedHashMap<>();
    statistic.forEach((layer, value) -> out.put(layer, new float[] {(float) (value * factor)}));
    return out;
  }

  /** Whether the IF layers get one threshold per channel. */
  protected boolean perChannel() {
    return false;
  }

  /** The method's own provenance settings, e.g. {@code conversion.percentile}. */
  protected void putSettings(Map<String, String> settings, ConversionOptions options) {}

  @Override
  public SpikingNetwork convert(Network ann, ConversionOptions options) {
    Architecture arch = ann.architecture();
    checkLayers(arch, options);
    CalibrationSet calibration = options.requireCalibration(name());
    TensorShape found = calibration.shape();
    if (!arch.inputShape().equals(found)) {
      throw new IllegalArgumentException("calibration images are " + found + " but network "
          + arch.name() + " expects inputs of " + arch.inputShape());
    }

    Network folded = BatchNormFolding.fold(ann);
    List<String> affineBn = Graphs.names(folded.architecture().layers(), Layer.Affine.class);
    List<String> foldedBn = Graphs.names(arch.layers(), Layer.BatchNorm2d.class).stream()
        .filter(b -> !affineBn.contains(b)).toList();
    List<Layer> layers = new ArrayList<>(folded.architecture().layers());
    List<String> dropped = Graphs.names(layers, Layer.Dropout.class);
    layers = Graphs.bypass(layers, dropped);
    List<String> maxPools = Graphs.applyMaxPoolPolicy(layers, options.maxPool());
    Architecture preparedArch =
        new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), layers);
    Network prepared = new Network(preparedArch, folded.parameters(), ann.provenance());
    List<String> relus = Graphs.names(layers, Layer.Relu.class);
    Map<String, float[]> lambda = scales(prepared, relus, calibration, options);
    checkScales(preparedArch, relus, lambda);

    Map<String, Tensor> params = new LinkedHashMap<>(prepared.parameters());
    Map<String, TheoremOneScaling.Neuron> neurons = new LinkedHashMap<>();
    lambda.forEach((relu, lam) -> neurons.put(relu,
        new TheoremOneScaling.Neuron(lam, lam, lam.length > 1 || perChannel())));
    List<Layer> snnLayers = TheoremOneScaling.apply(preparedArch, neurons, options.form(), params);

    Map<String, String> settings = new HashMap<>();
    settings.put("conversion.method", name());
    settings.put("conversion.form", options.form().name());
    settings.put("conversion.calibrationImages", Integer.toString(calibration.n()));
    Graphs.putList(settings, "conversion.foldedBatchNorm", foldedBn);
    Graphs.putList(settings, "conversion.affineBatchNorm", affineBn);
    Graphs.putList(settings, "conversion.droppedDropout", dropped);
    Graphs.putMaxPool(settings, options.maxPool(), maxPools);
    putSettings(settings, options);
    Provenance provenance = ann.provenance().withSettings(settings);
    Architecture snn =
        new Architecture(arch.name(), arch.inputShape(), arch.numClasses(), snnLayers);
    return new SpikingNetwork(new Network(snn, params, provenance));
  }

  /** Refuses, before any work, every layer a baseline cannot convert, and a non-Linear output. */
  private void checkLayers(Architecture arch, ConversionOptions options) {
    for (Layer l : arch.layers()) {
      String at = "layer '" + l.name() + "' (" + l.getClass().getSimpleName() + "): ";
      if (l instanceof Layer.RateNorm) {
        throw new IllegalArgumentException(at + "the " + name() + " method converts a ReLU "
            + "network; a network trained with Rate Norm Layers needs the rnl method (use rnl)");
      } else if (l instanceof Layer.MaxPool2d && options.maxPool() == MaxPoolPolicy.FAIL) {
        throw Graphs.maxPoolRefused(at);
      } else if (l instanceof Layer.IntegrateAndFire) {
        throw new IllegalArgumentException(at + "the " + name() + " method converts an ANN, but "
            + "this layer is already spiking");
      } else if (!(l instanceof Layer.Conv2d || l instanceof Layer.BatchNorm2d
          || l instanceof Layer.Linear || l instanceof Layer.Flatten || l instanceof Layer.AvgPool2d
          || l instanceof Layer.MaxPool2d || l instanceof Layer.Dropout || l instanceof Layer.Relu
          || l instanceof Layer.Add)) {
        throw new IllegalArgumentException(at + "the " + name() + " method does not know how to "
            + "convert this layer type");
      }
    }
    if (arch.layers().stream().noneMatch(Layer.Relu.class::isInstance)) {
      throw new IllegalArgumentException("network " + arch.name() + " has no ReLU layer: the "
          + name() + " method has no neurons to convert");
    }
    Graphs.requireLinearOutput(arch, name());
  }

  /** Every scale present, of length 1 or the layer's channels, positive and finite. */
  private void checkScales(Architecture arch, List<String> relus, Map<String, float[]> lambda) {
    Map<String, TensorShape> shapes = arch.outputShapes();
    for (String r : relus) {
      float[] lam = lambda.get(r);
      int channels = shapes.get(r).dim(0);
      if (lam == null || (lam.length != 1 && lam.length != channels)) {
        throw new IllegalStateException("layer '" + r + "': " + name() + " gave "
            + (lam == null ? "no scale" : lam.length + " scales for " + channels + " channels"));
      }
      for (int c = 0; c < lam.length; c++) {
        if (!(lam[c] > 0 && Float.isFinite(lam[c]))) {
          throw new IllegalArgumentException("layer '" + r + "' (ReLU): the " + name()
              + " method found a threshold of " + lam[c] + (lam.length > 1 ? " for channel " + c
              : "") + " on the calibration images; a ReLU that never fires on them cannot be "
              + "given a threshold (check the network and the calibration set)");
        }
      }
    }
  }
}
