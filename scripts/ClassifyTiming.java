import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.spikebridge.SpikingClassifier;
import org.spikebridge.data.IdxReader;
import org.spikebridge.data.ImageSet;
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
  public static void main(String[] args) throws IOException {
    SpikingClassifier classifier = SpikingClassifier.load(Path.of(args[0])).withTimesteps(Integer.parseInt(args[2]));
    ImageSet test = IdxReader.read("fashion-mnist/test", Path.of(args[1], "t10k-images-idx3-ubyte.gz"),
        Path.of(args[1], "t10k-labels-idx1-ubyte.gz"), 10);
    int n = test.size();
    int size = test.imageSize();
    float[][] inputs = new float[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = classifier.input(Arrays.copyOfRange(test.pixels(), i * size, (i + 1) * size));
    }
    int[] classes = test.labels();
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
}
