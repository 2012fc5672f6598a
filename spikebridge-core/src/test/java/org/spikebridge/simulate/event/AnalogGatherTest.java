package org.spikebridge.simulate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalogGatherTest {

  /**
   * A map's analog values give the floats of a naive loop that adds, to each output's starting
   * current, value · weight / k_pool² for each non-zero pooled input in increasing (row, column,
   * channel), a product then a sum, with the pooled input summed in increasing source neuron: the
   * order the spike scatter adds in. Bit for bit, with zeros of both signs among the inputs; the
   * geometries take the gather (8 channels and more, weights in cache) with 43 output channels (a
   * four-, a one-register block and a tail on 256-bit registers, a two-register block and a tail on
   * 512-bit ones), and the scatter (one channel; weights past the cache). Where the map gathers,
   * or does not pool, a step's spikes (in increasing neuron order, the pooled input then a count
   * per window and channel) give the same loop's floats on the 0/1 values, twice on one scratch.
   */
  @ParameterizedTest(name = "C {0}, {1}×{2}, pool {3}, kernel {4}×{5}, stride {6}/{7}, pads {8}/{9}/{10}/{11}, out {12}")
  @CsvSource({
      "8, 9, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 43, true",
      "12, 10, 11, 2, 3, 3, 1, 1, 0, 0, 0, 0, 43, true",
      "9, 12, 12, 3, 2, 3, 2, 1, 1, 0, 0, 2, 43, true",
      "16, 7, 9, 1, 3, 2, 2, 3, 2, 1, 1, 0, 17, true",
      "10, 6, 6, 2, 3, 3, 1, 1, 0, 0, 0, 0, 10, true",
      "1, 9, 8, 1, 3, 3, 1, 1, 0, 0, 0, 0, 32, true",
      "64, 4, 4, 2, 3, 3, 1, 1, 1, 1, 1, 1, 512, false"})
  void addsInTheScattersOrderBitForBit(int c, int h, int w, int pool, int kh, int kw, int sy, int sx,
      int top, int left, int bottom, int right, int oc, boolean spikesInOrder) {
    ConvolutionSynapses.Geometry g = new ConvolutionSynapses.Geometry(c, h, w, pool, pool, 0, kh, kw,
        sy, top, oc, sx, left, bottom, right);
    SplittableRandom random = new SplittableRandom(c * 31L + oc);
    float[] weight = new float[oc * c * kh * kw];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) random.nextGaussian();
    }
    float[] values = new float[c * h * w];
    for (int s = 0; s < values.length; s++) {
      double u = random.nextDouble();
      values[s] = u < 0.3 ? 0f : u < 0.4 ? -0f : (float) random.nextGaussian();
    }
    float[] start = new float[oc * g.outHeight() * g.outWidth()];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) random.nextGaussian();
    }
    ConvolutionSynapses map = new ConvolutionSynapses(g, weight);
    float[] actual = start.clone();
    map.addValues(values, actual);
    assertThat(actual).as("values").isEqualTo(naive(g, weight, values, start));
    if (spikesInOrder) {
      int[] spikes = new int[values.length];
      int count = 0;
      for (int s = 0; s < values.length; s++) {
        values[s] = random.nextDouble() < 0.3 ? 1f : 0f;
        if (values[s] == 1f) {
          spikes[count++] = s;
        }
      }
      int[] scratch = new int[map.scratchSize()];
      float[] expected = naive(g, weight, values, start);
      for (int round = 1; round <= 2; round++) { // the second on the scratch the first left
        float[] fromSpikes = start.clone();
        map.addSpikes(spikes, count, fromSpikes, scratch);
        assertThat(fromSpikes).as("spikes, round %d", round).isEqualTo(expected);
      }
    }
  }

  /** The textbook loop in the scatter's order, channels-last on both sides. */
  private static float[] naive(ConvolutionSynapses.Geometry g, float[] weight, float[] values,
      float[] start) {
    int c = g.channels();
    int pool = g.poolKernel();
    int ph = g.pooledHeight();
    int pw = g.pooledWidth();
    float[] pooled = new float[ph * pw * c];
    for (int py = 0; py < ph; py++) {
      for (int px = 0; px < pw; px++) {
        for (int ci = 0; ci < c; ci++) {
          float sum = 0f;
          for (int dy = 0; dy < pool; dy++) {
            for (int dx = 0; dx < pool; dx++) {
              sum += values[((py * pool + dy) * g.width() + px * pool + dx) * c + ci];
            }
          }
          pooled[(py * pw + px) * c + ci] = pool == 1 ? values[(py * g.width() + px) * c + ci] : sum;
        }
      }
    }
    float divisor = pool * pool;
    float[] out = start.clone();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    for (int oy = 0; oy < g.outHeight(); oy++) {
      for (int ox = 0; ox < g.outWidth(); ox++) {
        for (int o = 0; o < g.outChannels(); o++) {
          float acc = out[(oy * g.outWidth() + ox) * g.outChannels() + o];
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              int py = oy * g.stride() - g.padding() + ky;
              int px = ox * g.strideWidth() - g.padLeft() + kx;
              if (py < 0 || py >= ph || px < 0 || px >= pw) {
                continue;
              }
              for (int ci = 0; ci < c; ci++) {
                float x = pooled[(py * pw + px) * c + ci];
                if (x != 0f) {
                  acc += x * (weight[((o * c + ci) * kh + ky) * kw + kx] / divisor);
                }
              }
            }
          }
          out[(oy * g.outWidth() + ox) * g.outChannels() + o] = acc;
        }
      }
    }
    return out;
  }

  /** The kernel alone, its registers and its plain tail: a naive loop's floats for every length. */
  @Test
  void productsEqualANaiveLoopBitForBit() {
    SplittableRandom random = new SplittableRandom(8);
    float[] weights = new float[400];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    float[] value = new float[12];
    int[] weightAt = new int[value.length];
    int[] terms = new int[2 * value.length];
    for (int j = 0; j < value.length; j++) {
      value[j] = (float) random.nextGaussian();
      weightAt[j] = random.nextInt(200);
      terms[2 * j] = Float.floatToRawIntBits(value[j]);
      terms[2 * j + 1] = weightAt[j];
    }
    for (int n = 0; n <= 70; n++) {
      int from = random.nextInt(4);
      int to = from + random.nextInt(value.length - from + 1);
      int shift = random.nextInt(100);
      float[] start = new float[80];
      for (int i = 0; i < start.length; i++) {
        start[i] = (float) random.nextGaussian();
      }
      int o0 = random.nextInt(start.length - n + 1);
      float[] expected = start.clone();
      for (int o = 0; o < n; o++) {
        for (int j = from; j < to; j++) {
          expected[o0 + o] += value[j] * weights[weightAt[j] + shift + o];
        }
      }
      float[] active = start.clone();
      WeightRuns.addProducts(terms, from, to, shift, weights, active, o0, n);
      assertThat(active).as("n = %d, terms %d to %d", n, from, to).isEqualTo(expected);
    }
  }
}
