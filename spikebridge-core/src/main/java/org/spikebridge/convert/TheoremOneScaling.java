package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikebridge.convert.ConversionOptions.ThresholdForm;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;

/**
 * Theorem 1 (Eq. 5) on any feed-forward graph: replaces each activation layer by integrate-and-fire
 * neurons and rescales the linear maps between them, path by path, so that every neuron's firing
 * rate tends to its ANN activation divided by a known scale.
 *
 * <p>Every node carries the scale of its output, one value per slice of dimension 0 (a channel of
 * [C, H, W], a feature of [F]): ANN value = scale × SNN value. The input has scale 1; an IF layer
 * has its {@link Neuron#rate() rate scale} ρ (1 for a Rate Norm Layer, whose output already is a
 * rate; λ for a ReLU normalized by λ); AvgPool2d and Flatten carry the scale through, and so does
 * a MaxPool2d (spiking max pooling after an IF layer): the maximum of a window, which lies within
 * one channel, commutes with that channel's positive scale, max(s·a) = s·max(a). A Conv2d,
 * Linear or Affine map multiplies the weight of input channel i by the input's scale s_i and
 * divides weight and bias of output channel o by a target t_o, so its output has scale t:
 * W'[o, i] = W[o, i]·s_i / t_o, b'[o] = b[o] / t_o. The target is 1, or — in the
 * weight-normalization form — the threshold scale τ of the IF layer the map feeds through a chain
 * of AvgPool2d and Flatten that nothing else reads.
 *
 * <p>Where paths meet with different scales, a {@link Layer.Affine} map (one weight per channel) is
 * inserted on the current that needs it (named {@code rescale_<reader>_<k>}), which is exact:
 * <ul>
 *   <li>at an Add, each input whose scale is not 1 is multiplied by its scale (a residual sum of
 *       a current and a spike train, or of spike trains of different thresholds);</li>
 *   <li>before an IF layer, when its input does not arrive with the scale its threshold expects —
 *       1 for threshold balancing (threshold τ), τ for weight normalization (threshold 1).</li>
 * </ul>
 * So both forms convert every graph; in the weight-normalization form every threshold is 1 and
 * every scale lives in a synaptic weight.
 */
final class TheoremOneScaling {
  private TheoremOneScaling() {}

  /**
   * What the conversion knows of one activation layer l.
   *
   * @param threshold τ_l: the IF layer fires at rate clip(z/τ_l, 0, 1) of the ANN's input current
   *     z; one value or one per channel
   * @param rate ρ_l: the ANN's output of the layer is ρ_l × the firing rate; one value or one per
   *     channel
   * @param perChannel whether the IF layer is declared with one threshold per channel
   */
  record Neuron(float[] threshold, float[] rate, boolean perChannel) {}

  /**
   * The layers of {@code arch} with every activation named in {@code neurons} replaced by an IF
   * layer of the same name and rescaling maps inserted where needed; writes rescaled weights and
   * every threshold into {@code params}. {@code arch} holds only Conv2d, Linear, Affine,
   * AvgPool2d, MaxPool2d (reading an activation), Flatten, Add and the activations.
   */
  static List<Layer> apply(Architecture arch, Map<String, Neuron> neurons, ThresholdForm form,
      Map<String, Tensor> params) {
    Map<String, TensorShape> shapes = arch.outputShapes();
    Map<String, List<Layer>> readers = arch.readers();
    Set<String> names = new HashSet<>(shapes.keySet());
    Map<String, float[]> scale = new HashMap<>();
    scale.put(Architecture.INPUT, ones(arch.inputShape().dim(0)));
    List<Layer> out = new ArrayList<>();
    for (Layer l : arch.layers()) {
      TensorShape shape = shapes.get(l.name());
      if (l instanceof Layer.Conv2d || l instanceof Layer.Linear || l instanceof Layer.Affine) {
        float[] target = target(readers, shapes, l, neurons, form);
        rescaleWeights(l, scale.get(l.inputs().get(0)), target, params);
        scale.put(l.name(), target);
        out.add(l);
      } else if (l instanceof Layer.AvgPool2d || l instanceof Layer.MaxPool2d) {
        scale.put(l.name(), scale.get(l.inputs().get(0)));
        out.add(l);
      } else if (l instanceof Layer.Flatten) {
        scale.put(l.name(), flatten(scale.get(l.inputs().get(0)), shape.dim(0)));
        out.add(l);
      } else if (l instanceof Layer.Add) {
        List<String> inputs = new ArrayList<>(l.inputs());
        boolean same = inputs.stream().allMatch(in -> Arrays.equals(scale.get(in), scale.get(inputs.get(0))));
        if (!same) {
          for (int k = 0; k < inputs.size(); k++) {
            float[] s = scale.get(inputs.get(k));
            if (!isOne(s)) {
              inputs.set(k, insert(out, names, params, "rescale_" + l.name() + "_" + (k + 1),
                  inputs.get(k), s, ones(s.length), scale));
            }
          }
        }
        scale.put(l.name(), same ? scale.get(inputs.get(0)) : ones(shape.dim(0)));
        out.add(Graphs.withInputs(l, inputs));
      } else if (neurons.containsKey(l.name())) {
        Neuron n = neurons.get(l.name());
        boolean balancing = form == ThresholdForm.THRESHOLD_BALANCING;
        float[] required = balancing ? ones(shape.dim(0)) : expand(n.threshold(), shape.dim(0), l);
        String input = l.inputs().get(0);
        if (!Arrays.equals(scale.get(input), required)) {
          input = insert(out, names, params, "rescale_" + l.name() + "_1", input, scale.get(input),
              required, scale);
        }
        float[] theta = balancing ? n.threshold().clone() : ones(n.threshold().length);
        params.put(l.name() + ".threshold", new Tensor(TensorShape.of(theta.length), theta));
        out.add(new Layer.IntegrateAndFire(l.name(), List.of(input), n.perChannel()));
        scale.put(l.name(), expand(n.rate(), shape.dim(0), l));
      } else {
        throw new IllegalStateException("layer '" + l.name() + "' (" + l.getClass().getSimpleName()
            + "): left after preparation");
      }
    }
    return out;
  }

  /**
   * Appends an Affine map from scale {@code from} to scale {@code to} reading {@code source};
   * returns its name.
   */
  private static String insert(List<Layer> out, Set<String> names, Map<String, Tensor> params,
      String name, String source, float[] from, float[] to, Map<String, float[]> scale) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("cannot insert the rescaling map '" + name + "': a layer "
          + "of that name exists already (rename it)");
    }
    float[] w = new float[from.length];
    for (int c = 0; c < w.length; c++) {
      w[c] = (float) ((double) from[c] / to[c]);
    }
    params.put(name + ".weight", new Tensor(TensorShape.of(w.length), w));
    params.put(name + ".bias", new Tensor(TensorShape.of(w.length), new float[w.length]));
    out.add(new Layer.Affine(name, List.of(source), w.length));
    scale.put(name, to);
    return name;
  }

  /** W'[o, i, …] = W[o, i, …]·in_i / target_o and b'[o] = b[o] / target_o, written into params. */
  private static void rescaleWeights(Layer l, float[] in, float[] target, Map<String, Tensor> params) {
    Tensor w = params.get(l.name() + ".weight");
    float[] nw = new float[w.data().length];
    int outChannels = target.length;
    boolean affine = l instanceof Layer.Affine;
    int inChannels = affine ? 1 : w.shape().dim(1);
    int kernel = w.data().length / (outChannels * inChannels);
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < inChannels; i++) {
        double s = in[affine ? o : i];
        for (int k = 0; k < kernel; k++) {
          int idx = (o * inChannels + i) * kernel + k;
          nw[idx] = (float) (w.data()[idx] * s / target[o]);
        }
      }
    }
    params.put(l.name() + ".weight", new Tensor(w.shape(), nw));
    Tensor b = params.get(l.name() + ".bias");
    if (b != null) {
      float[] nb = new float[b.data().length];
      for (int o = 0; o < nb.length; o++) {
        nb[o] = (float) (b.data()[o] / target[o]);
      }
      params.put(l.name() + ".bias", new Tensor(b.shape(), nb));
    }
  }

  /**
   * The scale a weighted layer's output should have: in the weight-normalization form, the
   * threshold scale of the IF layer it alone feeds through AvgPool2d and Flatten, mapped back to
   * its own channels when they share one value; 1 otherwise.
   */
  private static float[] target(Map<String, List<Layer>> readersOf,
      Map<String, TensorShape> shapes, Layer weighted, Map<String, Neuron> neurons,
      ThresholdForm form) {
    int channels = shapes.get(weighted.name()).dim(0);
    if (form == ThresholdForm.THRESHOLD_BALANCING) {
      return ones(channels);
    }
    String current = weighted.name();
    while (true) {
      List<Layer> readers = readersOf.getOrDefault(current, List.of());
      if (readers.size() != 1) {
        return ones(channels);
      }
      Layer next = readers.get(0);
      if (neurons.containsKey(next.name())) {
        float[] tau = neurons.get(next.name()).threshold();
        if (tau.length == 1) {
          return filled(channels, tau[0]);
        }
        int per = Math.toIntExact(tau.length / channels);
        float[] t = new float[channels];
        for (int c = 0; c < channels; c++) {
          t[c] = tau[c * per];
          for (int k = 1; k < per; k++) {
            if (tau[c * per + k] != t[c]) {
              return ones(channels); // not one value per channel: an inserted map rescales
            }
          }
        }
        return t;
      }
      if (!(next instanceof Layer.AvgPool2d || next instanceof Layer.Flatten)) {
        return ones(channels);
      }
      current = next.name();
    }
  }

  /** A scale over [C, H, W] as a scale over its flattening into [features]. */
  private static float[] flatten(float[] channels, int features) {
    int per = features / channels.length;
    float[] f = new float[features];
    for (int k = 0; k < features; k++) {
      f[k] = channels[k / per];
    }
    return f;
  }

  /** One value or one per channel, as one per channel; an error naming the layer otherwise. */
  private static float[] expand(float[] values, int channels, Layer layer) {
    if (values.length == channels) {
      return values.clone();
    }
    if (values.length != 1) {
      throw new IllegalStateException("layer '" + layer.name() + "': " + values.length
          + " scales for " + channels + " channels");
    }
    return filled(channels, values[0]);
  }

  private static boolean isOne(float[] s) {
    for (float v : s) {
      if (v != 1f) {
        return false;
      }
    }
    return true;
  }

  private static float[] ones(int n) {
    return filled(n, 1f);
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
