package org.spikebridge.train;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.spikebridge.network.Tensor;
import org.spikebridge.network.TensorShape;
import org.spikebridge.train.StageTwoTraining.Measurement;

/**
 * Where a stage-2 run stands after a validation measurement: {@code progress.json} of a
 * {@link TuneDirectory}, replaced atomically after each measurement, from which a killed run
 * continues exactly.
 *
 * @param iteration the batches trained before the latest measurement
 * @param finished whether the run has made its final pick
 * @param stageOneValidationAccuracy the stage-1 network's validation accuracy
 * @param stageOneMeanOmega the stage-1 network's mean Ω over the validation set
 * @param scales the threshold scales p′ after {@code iteration} batches, by name
 * @param optimizer the state of the scales' optimizer then, by name
 * @param measurements every measurement so far, in order
 * @param candidates the saved ones
 * @param pick what best.json holds (null before the first candidate)
 * @param mostAccurate the most accurate measurement so far, saved at the end if no candidate is
 *     within the tolerance
 * @param mostAccurateScales its p′
 */
record TuneProgress(long iteration, boolean finished, double stageOneValidationAccuracy,
    double stageOneMeanOmega, Map<String, StoredTensor> scales, Map<String, StoredTensor> optimizer,
    List<Measurement> measurements, List<Measurement> candidates, TuneDirectory.Pick pick,
    Measurement mostAccurate, Map<String, StoredTensor> mostAccurateScales) {

  /** A tensor as JSON: its dimensions and its values in row-major order. */
  record StoredTensor(int[] shape, float[] data) {
    static StoredTensor of(Tensor tensor) {
      return new StoredTensor(tensor.shape().dims(), tensor.data());
    }

    static StoredTensor of(NDArray array) {
      return new StoredTensor(Arrays.stream(array.getShape().getShape()).mapToInt(Math::toIntExact)
          .toArray(), array.toFloatArray());
    }

    Tensor tensor() {
      return new Tensor(TensorShape.of(shape), data);
    }
  }
}
