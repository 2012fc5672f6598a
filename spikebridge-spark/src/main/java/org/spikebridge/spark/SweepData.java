package org.spikebridge.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.data.ImageFit;
import org.spikebridge.data.ImageSet;
import org.spikebridge.data.NetworkData;
import org.spikebridge.data.Normalization;
import org.spikebridge.data.Split;
import org.spikebridge.network.Network;

/**
 * What every cell of a sweep reads, broadcast once: the checkpoints' folders and input
 * normalizations, the test set, and the training split when some method calibrates on it.
 *
 * @param checkpoints the checkpoints, in the sweep's order
 * @param normalizations the input normalization of each checkpoint
 * @param test the test images (the first {@code limit} when limited)
 * @param train the training split, for calibration samples; null when no method calibrates
 * @param batchSize images per simulated batch
 * @param calibrationSize images per calibration sample
 */
record SweepData(List<NetworkFolder> checkpoints, List<Normalization> normalizations, ImageSet test,
    ImageSet train, int batchSize, int calibrationSize) implements Serializable {

  /**
   * Reads the checkpoints of {@code settings} through {@code hadoop}, and the dataset (the first
   * checkpoint's, unless named) on the driver with core's readers.
   */
  static SweepData load(HadoopFiles hadoop, SweepJob.Settings settings) throws IOException {
    List<NetworkFolder> folders = new ArrayList<>();
    List<Normalization> normalizations = new ArrayList<>();
    Path dataDir = settings.dataDir() == null ? null : Path.of(settings.dataDir());
    DatasetSource source = null;
    for (String checkpoint : settings.checkpoints()) {
      NetworkFolder folder = NetworkFolder.read(hadoop, checkpoint);
      Network ann = folder.network();
      source = source != null ? source : NetworkData.source(settings.dataset(), dataDir, ImageFit.asIs(1), ann);
      folders.add(folder);
      normalizations.add(NetworkData.normalization(source, ann));
    }
    Network first = folders.get(0).network();
    ImageSet test = SimulateJob.limited(NetworkData.load(source, Split.TEST, first.architecture().inputShape(),
        settings.checkpoints().get(0)), settings.limit());
    boolean calibrates = settings.methods().stream().anyMatch(m -> SweepMethod.parse(m).method().needsCalibration());
    ImageSet train = calibrates ? NetworkData.load(source, Split.TRAIN, first.architecture().inputShape(),
        settings.checkpoints().get(0)) : null;
    return new SweepData(folders, normalizations, test, train, settings.batchSize(), settings.calibrationSize());
  }
}
