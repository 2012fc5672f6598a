package org.spikebridge.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.spikebridge.SpikingClassifier;
import org.spikebridge.simulate.EarlyExit;

/**
 * Classifies image files with a spiking network that {@code spikebridge convert} wrote, using
 * SpikeBridge as a library: core only, the event-driven engine, no native code.
 *
 * <pre>
 * java -cp … org.spikebridge.examples.ClassifyImages SNN_FOLDER T IMAGE…
 * </pre>
 *
 * <p>prints one line per image: its file and class.
 */
public final class ClassifyImages {
  private ClassifyImages() {}

  /** {@code SNN_FOLDER T IMAGE…}: prints the class of each PNG, JPEG or BMP image. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ClassifyImages SNN_FOLDER T IMAGE…");
      System.exit(2);
    }
    List<Path> images = Arrays.stream(args, 2, args.length).map(Path::of).toList();
    int[] classes = classify(Path.of(args[0]), Integer.parseInt(args[1]), images);
    for (int i = 0; i < classes.length; i++) {
      System.out.println(images.get(i) + ": class " + classes[i]);
    }
  }

  /** The class of each image, by the network in {@code snnFolder} simulated for T steps. */
  static int[] classify(Path snnFolder, int timesteps, List<Path> images) throws IOException {
    // README:start
    SpikingClassifier classifier = SpikingClassifier.load(snnFolder) // what `spikebridge convert` wrote
        .withTimesteps(timesteps)
        .withEarlyExit(EarlyExit.exact());   // the classes at T, in fewer steps
    float[][] inputs = new float[images.size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = classifier.input(images.get(i)); // PNG, JPEG or BMP, normalized as in training
    }
    return classifier.classify(inputs);
    // README:end
  }
}
