package org.spikebridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikebridge.data.Datasets;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.KnownDataset;
import org.spikebridge.data.Split;

/**
 * The seeded, class-balanced Fashion-MNIST subset shipped inside the jar (6,000 training and 1,000
 * test images; MIT licence, see {@code embedded/fashion-mnist/README.md}), for a demo on a machine
 * that can neither find nor download the dataset.
 */
final class EmbeddedFashionMnist {
  /** What a report says when this subset was used. */
  static final String NOTE = "The full Fashion-MNIST dataset was neither found nor downloadable: "
      + "these results use the embedded subset (6,000 training and 1,000 test images, class-balanced), "
      + "so they are noisier and lower than on the full dataset.";
  private static final String FOLDER = "/embedded/fashion-mnist/";

  private EmbeddedFashionMnist() {}

  /** One split of the embedded subset. */
  static ImageSet load(Split split) throws IOException {
    Path dir = Files.createTempDirectory("spikebridge-embedded-");
    try {
      for (String name : KnownDataset.FASHION_MNIST.files(split)) {
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(FOLDER + name + ".gz")) {
          if (in == null) {
            throw new IOException("the jar lacks its embedded file " + FOLDER + name + ".gz (rebuild it)");
          }
          Files.copy(in, dir.resolve(name + ".gz"));
        }
      }
      return Datasets.read(KnownDataset.FASHION_MNIST, split, dir).withName("fashion-mnist-embedded/"
          + split.name().toLowerCase(java.util.Locale.ROOT));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }
}
