package org.spikebridge.simulate.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikebridge.convert.CalibrationSet;
import org.spikebridge.convert.LayerCorrections;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;
import org.spikebridge.simulate.InitialMembrane;
import org.spikebridge.simulate.InputCoding;
import org.spikebridge.simulate.Readout;
import org.spikebridge.simulate.ResetMode;
import org.spikebridge.simulate.SimulationOptions;

/**
 * Corrects a converted network so that, at a given number of steps T, each spiking layer fires per
 * channel as often as the ANN's rates say it should. Layer after layer, the earlier ones already
 * corrected, it simulates the calibration images for T steps with the event engine (constant
 * coding), and compares each channel's mean spike rate r_c = spikes / T (over images and positions)
 * with the ANN's mean rate r̂_c, the rate limit clip(I/θ, 0, 1) of Lemma 1 (quantized for a layer
 * with levels) computed from the uncalibrated network's analog pass ({@link AnalogPass}). Then:
 *
 * <ul>
 *   <li><b>initial membrane</b>: v(0) = a·θ, for each fraction a of {@link CalibrationOptions}
 *       (the uncalibrated start first);</li>
 *   <li><b>bias</b>: for that v(0), the bias of the synaptic map feeding the layer is shifted per
 *       channel by Δb_c = θ_c·(r̂_c − r_c), a constant current that adds Δb_c/θ_c to the channel's
 *       rate ({@link LayerCorrections#shiftBias});</li>
 *   <li>the (a, Δb) whose corrected layer has the smallest mean squared rate error
 *       (spikes/T − r̂)² over neurons and images is kept.</li>
 * </ul>
 *
 * <p>The network that comes out holds each layer's v(0) as its {@code initial_membrane}
 * ({@link InitialMembrane#CALIBRATED} starts from it) and records T, the number of images, the
 * reset the neurons were simulated with, the tried fractions, and per layer the mean |Δb|, the
 * v(0) and the rate error in its provenance.
 */
public final class PostConversionCalibration {
  /** The provenance key prefix of everything calibration records. */
  public static final String PROVENANCE = "calibration.";
  private static final int BATCH = 128;

  /** The network as converted: its analog pass is the ANN view, the target of every layer. */
  private final EventNetwork ann;
  private final CalibrationSet images;
  private final SimulationOptions simulation;
  private final EventEngine engine;

  private PostConversionCalibration(EventNetwork ann, CalibrationSet images,
      CalibrationOptions options, EventEngine engine) {
    this.ann = ann;
    this.images = images;
    this.simulation = new SimulationOptions(options.timesteps(), InputCoding.CONSTANT,
        InitialMembrane.CALIBRATED, Readout.ACCUMULATE, 0).withReset(options.reset());
    this.engine = engine;
  }

  /**
   * What calibration changed in one spiking layer.
   *
   * @param layer the layer's name
   * @param biasShift Δb_c per channel
   * @param membraneFraction a, its v(0) being a·θ
   * @param rateError the mean squared rate error after the correction
   */
  public record LayerCorrection(String layer, float[] biasShift, double membraneFraction,
      double rateError) {
    /** The mean |Δb_c| over channels. */
    public double meanAbsBiasShift() {
      double sum = 0;
      for (float b : biasShift) {
        sum += Math.abs(b);
      }
      return sum / biasShift.length;
    }
  }

  /**
   * The calibrated network and what changed.
   *
   * @param snn the calibrated network, its provenance recording the changes
   * @param corrections per spiking layer, in order
   */
  public record Outcome(SpikingNetwork snn, List<LayerCorrection> corrections) {}

  /**
   * Calibrates {@code snn} on {@code images} (normalized as its input expects; a sample of the
   * training split) with {@code options}, simulating on {@code engine}. Refuses a network that is
   * already calibrated, and one whose synaptic map of some spiking layer has no layer to carry a
   * bias (the message names it).
   */
  public static Outcome calibrate(SpikingNetwork snn, CalibrationSet images,
      CalibrationOptions options, EventEngine engine) {
    snn.spikingLayers().stream().filter(Layer.IntegrateAndFire::initialMembrane).findFirst()
        .ifPresent(l -> {
          throw new IllegalArgumentException("network " + snn.network().architecture().name()
              + " is already calibrated (layer '" + l.name() + "' has an initial membrane "
              + "potential): calibrate the network as converted");
        });
    PostConversionCalibration calibration = new PostConversionCalibration(EventNetwork.compile(snn),
        images, options, engine);
    Network network = snn.network();
    List<LayerCorrection> corrections = new ArrayList<>();
    for (int l = 0; l < snn.spikingLayers().size(); l++) {
      Candidate best = calibration.correct(network, l, options.trialOrder());
      network = best.network();
      corrections.add(best.correction());
    }
    return new Outcome(new SpikingNetwork(recorded(network, options, images.n(), corrections)),
        corrections);
  }

  /** A network with layer l corrected for one v(0), and the correction. */
  private record Candidate(Network network, LayerCorrection correction) {}

  /**
   * {@code network} with spiking layer l started from each fraction of θ in turn and its bias
   * corrected for that start; the candidate with the smallest rate error (the first on a tie).
   */
  private Candidate correct(Network network, int l, List<Double> fractions) {
    Layer.IntegrateAndFire layer = new SpikingNetwork(network).spikingLayers().get(l);
    float[] theta = network.parameter(layer.name() + "." + Layer.IntegrateAndFire.THRESHOLD).data();
    List<Network> started = fractions.stream().map(a -> LayerCorrections.withInitialMembrane(network,
        layer.name(), scaled(theta, a))).toList();
    List<ChannelRates> before = measure(started, l);
    List<float[]> shifts = before.stream().map(rates -> biasShift(theta, rates)).toList();
    List<Network> corrected = new ArrayList<>();
    for (int k = 0; k < started.size(); k++) {
      corrected.add(LayerCorrections.shiftBias(started.get(k), layer.name(), shifts.get(k)));
    }
    List<ChannelRates> after = measure(corrected, l);
    int best = 0;
    for (int k = 1; k < after.size(); k++) {
      best = after.get(k).meanSquaredError() < after.get(best).meanSquaredError() ? k : best;
    }
    return new Candidate(corrected.get(best), new LayerCorrection(layer.name(), shifts.get(best),
        fractions.get(best), after.get(best).meanSquaredError()));
  }

  /** {@code fraction}·θ, per value of θ. */
  private static float[] scaled(float[] theta, double fraction) {
    float[] v0 = new float[theta.length];
    for (int k = 0; k < theta.length; k++) {
      v0[k] = (float) (fraction * theta[k]);
    }
    return v0;
  }

  /** Δb_c = θ_c·(r̂_c − r_c) per channel. */
  private static float[] biasShift(float[] theta, ChannelRates rates) {
    double[] r = rates.rates();
    double[] target = rates.rateLimits();
    float[] shift = new float[r.length];
    for (int c = 0; c < shift.length; c++) {
      shift[c] = (float) (theta[theta.length == 1 ? 0 : c] * (target[c] - r[c]));
    }
    return shift;
  }

  /**
   * Simulates each of {@code networks} for T steps on the images and compares its spiking layer l
   * with the ANN; the ANN view of each batch is computed once for all of them.
   */
  private List<ChannelRates> measure(List<Network> networks, int l) {
    List<SpikingNetwork> snns = networks.stream().map(SpikingNetwork::new).toList();
    List<ChannelRates> rates = networks.stream()
        .map(n -> new ChannelRates(l, ann.spiking().get(l).channels(), simulation.timesteps())).toList();
    for (int from = 0; from < images.n(); from += BATCH) {
      int n = Math.min(BATCH, images.n() - from);
      float[] pixels = images.slice(from, from + n);
      float[][] expected = AnalogPass.rateLimits(ann, AnalogPass.inputs(ann, pixels, n), l)[l];
      TensorShape shape = images.shape();
      Batch batch = new Batch(pixels, new int[n], n, shape.dim(0), shape.dim(1), shape.dim(2));
      for (int k = 0; k < snns.size(); k++) {
        rates.get(k).expect(expected);
        engine.simulate(snns.get(k), batch, simulation, rates.get(k));
      }
    }
    return rates;
  }

  /** {@code network} with what calibration did added to its provenance's settings. */
  private static Network recorded(Network network, CalibrationOptions options, int images,
      List<LayerCorrection> corrections) {
    Map<String, String> settings = new HashMap<>();
    settings.put(PROVENANCE + "timesteps", Integer.toString(options.timesteps()));
    settings.put(PROVENANCE + "images", Integer.toString(images));
    settings.put(PROVENANCE + "start", options.start().name());
    settings.put(ResetMode.CALIBRATED_FOR, options.reset().describe());
    settings.put(PROVENANCE + "membraneFractions", options.trialOrder().toString());
    for (LayerCorrection c : corrections) {
      String layer = PROVENANCE + c.layer() + ".";
      settings.put(layer + "meanAbsBiasShift", String.format(Locale.ROOT, "%.6g", c.meanAbsBiasShift()));
      settings.put(layer + "initialMembrane", c.membraneFraction() + "·θ");
      settings.put(layer + "rateError", String.format(Locale.ROOT, "%.6g", c.rateError()));
    }
    return new Network(network.architecture(), network.parameters(),
        network.provenance().withSettings(settings));
  }
}
