package org.spikebridge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@link KnownDataset} as a {@link DatasetSource}: loaded as published (the {@link ImageFit} does
 * not apply, since its published normalization is for its own shape), found or downloaded by
 * {@link Datasets#load(KnownDataset, Split, Path)} on every {@link #load}.
 *
 * @param dataset the known dataset
 * @param dataDir the folder looked in first, or {@code null}
 */
record KnownSource(KnownDataset dataset, Path dataDir) implements DatasetSource {

  @Override
  public String id() {
    return dataset.id();
  }

  @Override
  public ImageSet load(Split split) throws IOException {
    return Datasets.load(dataset, split, dataDir);
  }

  @Override
  public Normalization normalization() {
    return Normalization.of(dataset);
  }

  @Override
  public Optional<KnownDataset> known() {
    return Optional.of(dataset);
  }

  @Override
  public List<String> classNames() {
    return List.of();
  }
}
