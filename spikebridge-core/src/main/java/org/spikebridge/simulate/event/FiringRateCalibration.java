package org.spikebridge.simulate.event;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikebridge.convert.SpikingNetwork;
import org.spikebridge.data.Batch;
import org.spikebridge.network.Network;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Sets one threshold per spiking layer, layer after layer, so that the mean rate limit
 * r̂ = clip(I/θ, 0, 1) (Lemma 1) over a calibration batch is a given firing rate: random networks
 * for tests and benchmarks that fire like trained ones.
 */
public final class FiringRateCalibration {
  private FiringRateCalibration() {}

  /** {@code snn} with thresholds giving mean rate {@code rate} (in (0, 1)) on {@code images}. */
  public static SpikingNetwork calibrate(SpikingNetwork snn, Batch images, double rate) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("firing rate must be in (0, 1), found " + rate);
    }
    EventNetwork net = EventNetwork.compile(snn);
    float[][] input = AnalogPass.inputs(net, images.images(), images.size());
    int layers = net.spiking().size();
    float[][][] rates = new float[layers][][];
    Map<String, Tensor> parameters = new LinkedHashMap<>(snn.network().parameters());
    for (int l = 0; l < layers; l++) {
      NeuronLayer target = net.spiking().get(l);
      float[][] currents = AnalogPass.currents(target, input, rates);
      float theta = threshold(currents, rate);
      for (float[] r : currents) {
        for (int j = 0; j < r.length; j++) {
          r[j] = Math.min(1f, Math.max(0f, r[j] / theta));
        }
      }
      rates[l] = currents;
      parameters.put(target.name() + ".threshold", new Tensor(TensorShape.of(1), new float[] {theta}));
    }
    Network network = snn.network();
    return new SpikingNetwork(new Network(network.architecture(), parameters, network.provenance()));
  }

  /** The θ whose mean clip(I/θ, 0, 1) over {@code currents} is {@code rate}, by bisection on log θ. */
  private static float threshold(float[][] currents, double rate) {
    double lo = -30;
    double hi = 30;
    for (int iteration = 0; iteration < 60; iteration++) {
      double mid = (lo + hi) / 2;
      if (meanRate(currents, Math.exp(mid)) > rate) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (float) Math.exp((lo + hi) / 2);
  }

  private static double meanRate(float[][] currents, double theta) {
    double sum = 0;
    long count = 0;
    for (float[] c : currents) {
      for (float v : c) {
        sum += Math.min(1, Math.max(0, v / theta));
      }
      count += c.length;
    }
    return sum / count;
  }
}
