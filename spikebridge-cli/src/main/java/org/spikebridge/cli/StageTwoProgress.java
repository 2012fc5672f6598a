package org.spikebridge.cli;

import me.tongfei.progressbar.ProgressBar;
import org.spikebridge.train.StageTwoListener;

/** Draws one progress bar per stage-2 epoch on standard error, with its ETA, loss (Eq. 13) and Ω. */
final class StageTwoProgress implements StageTwoListener {
  private ProgressBar bar;

  @Override
  public void epochStarted(int epoch, int epochs, int batches) {
    if (bar != null) {
      bar.close();
    }
    bar = ProgressBars.epochBar(String.format("stage 2 epoch %d/%d", epoch, epochs), batches);
  }

  @Override
  public void batchFinished(double meanLoss, double meanOmega, double imagesPerSecond) {
    bar.step();
    bar.setExtraMessage(String.format(" loss %.4f Ω %.4f %.0f img/s", meanLoss, meanOmega, imagesPerSecond));
    if (bar.getCurrent() == bar.getMax()) {
      bar.close();
      bar = null;
    }
  }
}
