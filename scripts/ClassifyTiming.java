import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.spikebridge.SpikingClassifier;
import org.spikebridge.metrics.SimulationMetrics;

/**
 * Times the Java library on Fashion-MNIST's test set: {@code classify} (classes only) against
 * {@code evaluate} (every step's metrics, which need the ANN's analog pass), three rounds in one
 * JVM, pixels normalized by {@code SpikingClassifier.input}. For benchmarks, not CI.
 *
 * <p>Usage, from the repository after {@code mvn -B package -DskipTests}:
 * {@code java --add-modules jdk.incubator.vector -cp "spikebridge-cli/target/spikebridge.jar:spikebridge-cli/target/lib/*"
 * scripts/ClassifyTiming.java SNN_DIR FASHION_MNIST_DIR T}
 */
public final class ClassifyTiming {
  private static final int PIXELS = 28 * 28;

  public static void main(String[] args) throws IOException {
    SpikingClassifier classifier = SpikingClassifier.load(Path.of(args[0])).withTimesteps(Integer.parseInt(args[2]));
    byte[] images = gunzip(Path.of(args[1], "t10k-images-idx3-ubyte.gz"));
    byte[] labels = gunzip(Path.of(args[1], "t10k-labels-idx1-ubyte.gz"));
    int n = labels.length - 8;
    float[][] inputs = new float[n][];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      inputs[i] = classifier.input(Arrays.copyOfRange(images, 16 + i * PIXELS, 16 + (i + 1) * PIXELS));
      classes[i] = labels[8 + i];
    }
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int[] predicted = classifier.classify(inputs);
      long classified = System.nanoTime();
      SimulationMetrics metrics = classifier.evaluate(inputs, classes);
      long evaluated = System.nanoTime();
      int correct = 0;
      for (int i = 0; i < n; i++) {
        correct += predicted[i] == classes[i] ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "round %d, %d images, T = %d: classify %.2f s (%.2f %%), evaluate %.2f s (%.2f %%)%n",
          round, n, metrics.timesteps(), (classified - start) / 1e9, 100.0 * correct / n,
          (evaluated - classified) / 1e9, metrics.accuracyAt(metrics.timesteps()));
    }
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }
}
