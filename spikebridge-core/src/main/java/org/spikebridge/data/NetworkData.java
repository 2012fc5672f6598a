package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.spikebridge.network.Network;
import org.spikebridge.network.TensorShape;

/**
 * The data a network is evaluated on, as its provenance records it: the dataset fitted to its
 * inputs and classes, the normalization it was trained with, and a split checked against its
 * input shape. Shared by the CLI's commands and the Spark jobs.
 */
public final class NetworkData {
  /** The provenance key of the folder a known dataset's files were read from. */
  public static final String DATA_DIR = "dataDir";
  /** The dataset of a network whose provenance names none. */
  public static final String DEFAULT_DATASET = "fashion-mnist";

  private NetworkData() {}

  /**
   * The dataset named {@code value} (else the one {@code fitTo}'s provenance records, else
   * {@link #DEFAULT_DATASET}), fitted by {@code fit} to the inputs and classes of {@code fitTo},
   * or as its files are when {@code fitTo} is null; read from {@code dataDir}, else the folder
   * {@code fitTo}'s provenance records.
   */
  public static DatasetSource source(String value, Path dataDir, ImageFit fit, Network fitTo) {
    Path dir = dataDir;
    String name = value;
    if (fitTo != null) {
      TensorShape input = fitTo.architecture().inputShape();
      fit = fit.withShape(input.dim(0), input.dim(1), input.dim(2))
          .withNumClasses(fitTo.architecture().numClasses());
      Map<String, String> settings = fitTo.provenance().settings();
      String recorded = settings.get(DATA_DIR);
      dir = dir == null && recorded != null ? Path.of(recorded) : dir;
      name = name != null ? name : settings.getOrDefault("dataset", DEFAULT_DATASET);
    }
    return DatasetSource.parse(name, dir, fit);
  }

  /**
   * The normalization {@code network}'s provenance records, else {@code source}'s own;
   * {@code network} may be null (a network yet to be trained).
   */
  public static Normalization normalization(DatasetSource source, Network network) throws IOException {
    Map<String, String> settings = network == null ? Map.of() : network.provenance().settings();
    Optional<Normalization> recorded = Normalization.recorded(settings);
    return recorded.isPresent() ? recorded.get() : source.normalization();
  }

  /**
   * One split of {@code source}; an exception naming both when its images are not of the shape
   * {@code input} that {@code network} (a folder, for the message) expects.
   */
  public static ImageSet load(DatasetSource source, Split split, TensorShape input, Object network)
      throws IOException {
    ImageSet set = source.load(split);
    TensorShape found = TensorShape.of(set.channels(), set.height(), set.width());
    if (!input.equals(found)) {
      throw new IllegalArgumentException(source.id() + " images are " + found + " but " + network
          + " expects inputs of " + input);
    }
    return set;
  }
}
