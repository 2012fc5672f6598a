package org.spikebridge.onnx;

/**
 * Rewrites a grouped or dilated convolution kernel as the equivalent dense, undilated one, so that
 * SpikeBridge's Conv2d (one group, dilation 1) computes exactly the same map: a group's kernel is
 * zero for the input channels of other groups, and a dilated kernel has zeros between its taps.
 */
final class ConvKernels {
  private ConvKernels() {}

  /**
   * The dense kernel [M, C, K_h, K_w] with K = (k − 1)·d + 1 for an ONNX Conv weight
   * {@code w} = [M, C/groups, k_h, k_w], in row-major order.
   */
  static double[] dense(Constant w, int groups, int dilationH, int dilationW) {
    int[] d = w.dims();
    int out = d[0];
    int perGroupIn = d[1];
    int in = perGroupIn * groups;
    int kh = d[2];
    int kw = d[3];
    int eh = (kh - 1) * dilationH + 1;
    int ew = (kw - 1) * dilationW + 1;
    int perGroupOut = out / groups;
    double[] dense = new double[Math.multiplyExact(Math.multiplyExact(out, in), eh * ew)];
    for (int o = 0; o < out; o++) {
      int firstIn = o / perGroupOut * perGroupIn;
      for (int c = 0; c < perGroupIn; c++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            dense[((o * in + firstIn + c) * eh + y * dilationH) * ew + x * dilationW] =
                w.values()[((o * perGroupIn + c) * kh + y) * kw + x];
          }
        }
      }
    }
    return dense;
  }
}
