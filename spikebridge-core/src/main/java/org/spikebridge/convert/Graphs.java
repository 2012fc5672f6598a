package org.spikebridge.convert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikebridge.convert.ConversionOptions.MaxPoolPolicy;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.Layer;

/**
 * Graph surgery shared by the conversion steps: who reads a layer, and a layer copied with other
 * inputs. Package-private: the network description itself has no setters.
 */
final class Graphs {
  private Graphs() {}

  /** A short description for errors: {@code 'conv1' (Conv2d)} or {@code the network input}. */
  static String describe(Architecture architecture, String source) {
    if (source.equals(Architecture.INPUT)) {
      return "the network input";
    }
    Layer l = architecture.layer(source);
    return "'" + l.name() + "' (" + l.getClass().getSimpleName() + ")";
  }

  /**
   * {@code layers} without the layers named in {@code removed}, each of which passes its one input
   * on: every layer that read one reads what it read instead (through a chain of them, the input of
   * the first).
   */
  static List<Layer> bypass(List<Layer> layers, Collection<String> removed) {
    Set<String> gone = new HashSet<>(removed);
    Map<String, String> renames = new HashMap<>();
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      if (gone.contains(l.name())) {
        String in = l.inputs().get(0);
        renames.put(l.name(), renames.getOrDefault(in, in));
      } else {
        out.add(rewire(l, renames));
      }
    }
    return out;
  }

  /** {@code layer} with each input renamed by {@code renames} (inputs not in it are kept). */
  static Layer rewire(Layer layer, Map<String, String> renames) {
    List<String> in = layer.inputs().stream().map(s -> renames.getOrDefault(s, s)).toList();
    return in.equals(layer.inputs()) ? layer : withInputs(layer, in);
  }

  /** A copy of {@code layer} that reads {@code in}; every other field is kept. */
  static Layer withInputs(Layer layer, List<String> in) {
    if (layer instanceof Layer.Conv2d c) {
      return c.with(in, c.bias());
    } else if (layer instanceof Layer.BatchNorm2d b) {
      return new Layer.BatchNorm2d(b.name(), in, b.channels(), b.eps(), b.momentum());
    } else if (layer instanceof Layer.Linear f) {
      return new Layer.Linear(f.name(), in, f.inFeatures(), f.outFeatures(), f.bias());
    } else if (layer instanceof Layer.Flatten f) {
      return new Layer.Flatten(f.name(), in);
    } else if (layer instanceof Layer.AvgPool2d p) {
      return new Layer.AvgPool2d(p.name(), in, p.kernel(), p.stride(), p.padding());
    } else if (layer instanceof Layer.MaxPool2d p) {
      return new Layer.MaxPool2d(p.name(), in, p.kernel(), p.stride(), p.padding());
    } else if (layer instanceof Layer.Dropout d) {
      return new Layer.Dropout(d.name(), in, d.rate());
    } else if (layer instanceof Layer.Relu r) {
      return new Layer.Relu(r.name(), in);
    } else if (layer instanceof Layer.RateNorm r) {
      return new Layer.RateNorm(r.name(), in, r.momentum(), r.levels());
    } else if (layer instanceof Layer.IntegrateAndFire f) {
      return f.withInputs(in);
    } else if (layer instanceof Layer.Add a) {
      return new Layer.Add(a.name(), in);
    } else if (layer instanceof Layer.Affine a) {
      return new Layer.Affine(a.name(), in, a.channels());
    }
    throw new IllegalArgumentException("layer '" + layer.name() + "' ("
        + layer.getClass().getSimpleName() + "): this version cannot rewire its inputs");
  }

  /** A Conv2d or Linear copied with {@code bias} set (folding always produces a bias). */
  static Layer withBias(Layer l) {
    if (l instanceof Layer.Conv2d c) {
      return c.with(c.inputs(), true);
    }
    Layer.Linear f = (Layer.Linear) l;
    return new Layer.Linear(f.name(), f.inputs(), f.inFeatures(), f.outFeatures(), true);
  }

  /** Swaps each layer of the same name as one of {@code replacements} for it, in place. */
  static void replace(List<Layer> layers, Map<String, Layer> replacements) {
    layers.replaceAll(l -> replacements.getOrDefault(l.name(), l));
  }

  /**
   * Applies {@code policy} to every MaxPool2d of {@code layers}, in place, and returns their names:
   * {@link MaxPoolPolicy#AVERAGE} replaces each by an AvgPool2d with the same kernel, stride and
   * padding; {@link MaxPoolPolicy#SPIKING} keeps each, after checking that it reads an activation
   * layer (ReLU or RateNorm), whose spikes it will gate, and names it otherwise. Called once
   * Dropout is gone; {@link MaxPoolPolicy#FAIL} has refused the network before.
   */
  static List<String> applyMaxPoolPolicy(List<Layer> layers, MaxPoolPolicy policy) {
    List<String> names = new ArrayList<>();
    Map<String, Layer> byName = new HashMap<>();
    Map<String, Layer> averages = new HashMap<>();
    for (Layer l : layers) {
      byName.put(l.name(), l);
      if (!(l instanceof Layer.MaxPool2d m)) {
        continue;
      }
      if (policy == MaxPoolPolicy.AVERAGE) {
        averages.put(m.name(), new Layer.AvgPool2d(m.name(), m.inputs(), m.kernel(), m.stride(),
            m.padding()));
      } else {
        Layer source = byName.get(m.inputs().get(0));
        if (!(source instanceof Layer.Relu || source instanceof Layer.RateNorm)) {
          throw new IllegalArgumentException("layer '" + m.name() + "' (MaxPool2d): spiking max "
              + "pooling gates the spikes of an activation layer (ReLU or RateNorm), but this one "
              + "reads " + (source == null ? "the network input" : "'" + source.name() + "' ("
              + source.getClass().getSimpleName() + ")") + " once BatchNorm is folded and Dropout "
              + "removed; use --maxpool avg to replace it by average pooling");
        }
      }
      names.add(m.name());
    }
    replace(layers, averages);
    return names;
  }

  /**
   * Records {@code policy} under {@code conversion.maxpool}, and the MaxPool2d layers it applied
   * to (comma-separated) under {@code conversion.replacedMaxPool} (average pooling) or
   * {@code conversion.spikingMaxPool} (spiking max pooling), unless there are none.
   */
  static void putMaxPool(Map<String, String> settings, MaxPoolPolicy policy, List<String> names) {
    settings.put("conversion.maxpool", policy.name());
    putList(settings, policy == MaxPoolPolicy.SPIKING ? "conversion.spikingMaxPool"
        : "conversion.replacedMaxPool", names);
  }

  /** The refusal of a MaxPool2d under {@link MaxPoolPolicy#FAIL}; {@code at} names the layer. */
  static IllegalArgumentException maxPoolRefused(String at) {
    return new IllegalArgumentException(at + "max pooling has no exact spiking counterpart; use "
        + "--maxpool spike for spiking max pooling (each window passes on the spikes of its neuron "
        + "with the most spikes so far) or --maxpool avg to replace it by average pooling with the "
        + "same kernel, stride and padding");
  }

  /** The names of the layers of {@code type}, in order. */
  static List<String> names(List<Layer> layers, Class<? extends Layer> type) {
    return layers.stream().filter(type::isInstance).map(Layer::name).toList();
  }

  /** Records {@code names} comma-separated under {@code key}, unless there are none. */
  static void putList(Map<String, String> settings, String key, List<String> names) {
    if (!names.isEmpty()) {
      settings.put(key, String.join(",", names));
    }
  }

  /**
   * Checks that the output layer of {@code arch}, past a trailing Dropout or BatchNorm (they
   * vanish in conversion), is the Linear layer that stays non-spiking; else an exception naming it
   * and {@code method}.
   */
  static void requireLinearOutput(Architecture arch, String method) {
    Map<String, Layer> byName = arch.layersByName();
    Layer last = arch.layers().get(arch.layers().size() - 1);
    while ((last instanceof Layer.Dropout || last instanceof Layer.BatchNorm2d)
        && !last.inputs().get(0).equals(Architecture.INPUT)) {
      last = byName.get(last.inputs().get(0));
    }
    if (!(last instanceof Layer.Linear)) {
      throw new IllegalArgumentException("layer '" + last.name() + "' ("
          + last.getClass().getSimpleName() + "): the " + method + " method needs a Linear output "
          + "layer (it stays non-spiking), found this as the last layer");
    }
  }
}
