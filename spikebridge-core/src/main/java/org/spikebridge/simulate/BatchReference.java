package org.spikebridge.simulate;

/**
 * What the non-spiking network says about a batch, known before the first step: the limits that
 * the spiking rates approach (Lemma 1), for K and Ω.
 *
 * @param labels the true class of each image
 * @param annPredictions the class the ANN (the converted network read as rates) predicts; −1 when
 *     the observer did not want it ({@link StepObserver#wantsReference})
 * @param omega Ω_l = ‖r̂_l‖₁ / ‖r̂_l‖₂² per spiking layer l and image (NaN where r̂_l = 0, and
 *     where the observer did not want it)
 */
public record BatchReference(int[] labels, int[] annPredictions, float[][] omega) {}
