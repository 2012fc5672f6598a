package org.spikebridge.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikebridge.train.EpochMetrics;
import org.spikebridge.train.TrainingListener;

/** Draws one progress bar per epoch on standard error, with loss, accuracy and images/s. */
final class ProgressBars implements TrainingListener {
  private ProgressBar bar;

  @Override
  public void epochStarted(int epoch, int epochs, int batches) {
    bar = epochBar(String.format("epoch %d/%d", epoch, epochs), batches);
  }

  /** A bar over an epoch's {@code batches}, redrawn twice a second with its ETA. */
  static ProgressBar epochBar(String task, int batches) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
  }

  @Override
  public void batchFinished(double meanLoss, double accuracy, double imagesPerSecond) {
    bar.step();
    bar.setExtraMessage(String.format(" loss %.4f acc %.2f%% %.0f img/s", meanLoss, accuracy,
        imagesPerSecond));
  }

  @Override
  public void epochFinished(EpochMetrics m) {
    bar.close();
    System.out.printf("epoch %2d  lr %.5f  loss %.4f  train %.2f%%  validation %s  test %.2f%%  %.0f img/s%n",
        m.epoch(), m.learningRate(), m.trainLoss(), m.trainAccuracy(),
        Double.isNaN(m.validationAccuracy()) ? "  -   " : String.format("%.2f%%", m.validationAccuracy()),
        m.testAccuracy(), m.imagesPerSecond());
  }
}
