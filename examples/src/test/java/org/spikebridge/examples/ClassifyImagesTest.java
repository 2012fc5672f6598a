package org.spikebridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikebridge.SpikingClassifier;
import org.spikebridge.cli.SpikeBridge;
import org.spikebridge.data.NpyFiles;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.network.Architecture;
import org.spikebridge.network.ArchitectureBuilder;
import org.spikebridge.network.ArchitectureBuilder.Activation;
import org.spikebridge.network.Network;
import org.spikebridge.network.Provenance;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.network.file.NetworkFiles;
import org.spikebridge.testing.LoadedClasses;

/**
 * The example's classes are those of {@code spikebridge simulate} on the same network and pixels:
 * a seeded random ReLU network converted by {@code spikebridge convert}, the images as PNG files
 * for the example and as an {@code npy:} dataset for {@code simulate}, whose test labels are the
 * example's classes (accuracy at T must be 100 %) or those shifted by one (0 %).
 */
class ClassifyImagesTest {
  private static final int CLASSES = 3;
  private static final int IMAGES = 12;
  private static final int SIZE = 8;
  private static final int T = 32;

  @TempDir
  static Path dir;
  static Path snn;
  static byte[] xTrain;
  static byte[] yTrain;
  static byte[] xTest;
  static List<Path> files = new ArrayList<>();

  @BeforeAll
  static void convertARandomNetwork() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    byte[] train = new byte[4 * IMAGES * SIZE * SIZE];
    byte[] test = new byte[IMAGES * SIZE * SIZE];
    random.nextBytes(train);
    random.nextBytes(test);
    xTrain = NpyFiles.npy("|u1", NpyFiles.shape(4 * IMAGES, 1, SIZE, SIZE), train);
    yTrain = labels(IntStream.range(0, 4 * IMAGES).map(i -> i % CLASSES).toArray());
    xTest = NpyFiles.npy("|u1", NpyFiles.shape(IMAGES, 1, SIZE, SIZE), test);
    for (int i = 0; i < IMAGES; i++) {
      BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < SIZE * SIZE; p++) {
        image.getRaster().setSample(p % SIZE, p / SIZE, 0, test[i * SIZE * SIZE + p] & 0xff);
      }
      Path file = dir.resolve("image-" + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      files.add(file);
    }
    Path ann = dir.resolve("ann");
    NetworkFiles.save(randomNetwork(), ann);
    snn = dir.resolve("snn");
    int code = SpikeBridge.run("convert", "--checkpoint", ann.toString(), "--method", "maxnorm",
        "--dataset", "npy:" + dataset(new int[IMAGES]), "--calibration-size", "40",
        "--out", snn.toString());
    assertThat(code).as("convert's exit code").isZero();
  }

  /** Conv(4, 3×3) → ReLU → AvgPool(2) → Linear(3), He-initialized from a seed, inputs normalized. */
  private static Network randomNetwork() {
    Architecture a = new ArchitectureBuilder("tiny", TensorShape.of(1, SIZE, SIZE))
        .conv(4, 3, 1, 1).activation(Activation.RELU).avgPool(2).flatten().linear(CLASSES).build(CLASSES);
    SplittableRandom random = new SplittableRandom(11);
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    a.parameterShapes().forEach((name, shape) -> {
      float[] values = new float[Math.toIntExact(shape.size())];
      double std = name.endsWith(".weight") ? Math.sqrt(2.0 * shape.dim(0) / values.length) : 0.1;
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
      parameters.put(name, new Tensor(shape, values));
    });
    return new Network(a, parameters, new Provenance("npy", 11, "ClassifyImagesTest", Map.of(),
        Map.of("normalization.mean", "[0.4]", "normalization.std", "[0.3]")));
  }

  @Test
  void theClassesAreThoseSimulateMeasuresAtT() throws IOException {
    int[] classes = ClassifyImages.classify(snn, T, files);

    assertThat(simulatedAccuracy(classes)).as("simulate's accuracy against the example's classes").isEqualTo(100.0);
    int[] shifted = IntStream.of(classes).map(c -> (c + 1) % CLASSES).toArray();
    assertThat(simulatedAccuracy(shifted)).as("simulate's accuracy against other classes").isEqualTo(0.0);
  }

  @Test
  void theProgramPrintsAClassPerImageAndLoadsNoDjlClass() throws Exception {
    Path run = Files.createTempDirectory(dir, "program");
    List<String> loaded = LoadedClasses.of(run, ClassifyImages.class, snn.toString(), Integer.toString(T),
        files.get(0).toString(), files.get(1).toString());

    assertThat(Files.readAllLines(run.resolve("output.txt")).stream().filter(l -> !l.startsWith("WARNING")))
        .hasSize(2).allMatch(l -> l.matches(".*image-[01]\\.png: class [0-2]"));
    assertThat(loaded).as("classes loaded").contains(SpikingClassifier.class.getName());
    assertThat(loaded.stream().filter(c -> c.startsWith("ai.djl.")).toList()).as("DJL classes loaded").isEmpty();
  }

  /** {@code spikebridge simulate}'s accuracy at T on the test images labelled {@code labels}. */
  private static double simulatedAccuracy(int[] labels) throws IOException {
    Path out = Files.createTempDirectory(dir, "run");
    int code = SpikeBridge.run("simulate", "--snn", snn.toString(), "--dataset", "npy:" + dataset(labels),
        "--timesteps", Integer.toString(T), "--engine", "event", "--out", out.resolve("metrics").toString());
    assertThat(code).as("simulate's exit code").isZero();
    return MetricsFiles.read(out.resolve("metrics")).accuracyAt(T);
  }

  /** A new npy: dataset folder of the images, the test images labelled {@code testLabels}. */
  private static Path dataset(int[] testLabels) throws IOException {
    return NpyFiles.dataset(Files.createTempDirectory(dir, "data"), xTrain, yTrain, xTest, labels(testLabels));
  }

  private static byte[] labels(int[] labels) {
    return NpyFiles.int64(NpyFiles.shape(labels.length), IntStream.of(labels).asLongStream().toArray());
  }
}
