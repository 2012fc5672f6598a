package org.spikebridge.onnx;

import java.util.Arrays;

/**
 * The sliding window of a Conv, MaxPool or AveragePool node over a [C, H, W] input: kernel,
 * strides, dilations and the pads {top, left, bottom, right}, resolved from the node's attributes
 * ({@code auto_pad} included) as the ONNX specification defines them.
 */
record Window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
    int[] pads) {

  /**
   * The window of a node with {@code attributes} and kernel {@code kernelH}×{@code kernelW} on an
   * input of {@code height}×{@code width}; {@code zeroPads} (from a Pad node before it) are added
   * to its own pads.
   */
  static Window of(NodeAttributes attributes, int kernelH, int kernelW, int height, int width,
      int[] zeroPads) {
    int[] strides = attributes.integers("strides", new int[] {1, 1});
    int[] dilations = attributes.integers("dilations", new int[] {1, 1});
    if (strides.length != 2 || dilations.length != 2 || strides[0] < 1 || strides[1] < 1
        || dilations[0] < 1 || dilations[1] < 1) {
      throw new IllegalArgumentException("expected two positive strides and dilations, found "
          + "strides " + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations));
    }
    String autoPad = attributes.text("auto_pad", "NOTSET");
    int[] pads = switch (autoPad) {
      case "NOTSET" -> attributes.integers("pads", new int[4]).clone();
      case "VALID" -> new int[4];
      case "SAME_UPPER", "SAME_LOWER" -> samePads(autoPad.equals("SAME_UPPER"),
          new int[] {height, width}, new int[] {kernelH, kernelW}, strides, dilations);
      default -> throw new IllegalArgumentException("auto_pad '" + autoPad + "' is not one of "
          + "NOTSET, VALID, SAME_UPPER, SAME_LOWER");
    };
    if (pads.length != 4 || Arrays.stream(pads).anyMatch(p -> p < 0)) {
      throw new IllegalArgumentException("expected 4 non-negative pads, found " + Arrays.toString(pads));
    }
    for (int i = 0; i < 4; i++) {
      pads[i] += zeroPads[i];
    }
    return new Window(kernelH, kernelW, strides[0], strides[1], dilations[0], dilations[1], pads);
  }

  private static int[] samePads(boolean upper, int[] in, int[] kernel, int[] strides, int[] dil) {
    int[] pads = new int[4];
    for (int d = 0; d < 2; d++) {
      int out = (in[d] + strides[d] - 1) / strides[d];
      int total = Math.max(0, (out - 1) * strides[d] + (kernel[d] - 1) * dil[d] + 1 - in[d]);
      pads[d] = upper ? total / 2 : total - total / 2;
      pads[d + 2] = total - pads[d];
    }
    return pads;
  }

  /** The kernel's extent with dilation, (k − 1)·d + 1, in height and width. */
  int extentH() {
    return (kernelH - 1) * dilationH + 1;
  }

  int extentW() {
    return (kernelW - 1) * dilationW + 1;
  }

  /**
   * The window as SpikeBridge's pooling layers take it, {kernel, stride, padding} with a square
   * kernel, one stride and the same padding on every side; an exception saying what differs
   * otherwise. (A Conv2d takes any window.)
   */
  int[] square() {
    if (extentH() != extentW()) {
      throw new IllegalArgumentException("kernel " + extentH() + "×" + extentW() + " is not square "
          + "(SpikeBridge's pooling layers take square kernels)");
    }
    if (strideH != strideW) {
      throw new IllegalArgumentException("strides [" + strideH + ", " + strideW + "] differ "
          + "(SpikeBridge's pooling layers take one stride for both dimensions)");
    }
    if (Arrays.stream(pads).anyMatch(p -> p != pads[0])) {
      throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " (top, left, bottom, "
          + "right) are not the same on every side (SpikeBridge's pooling layers pad symmetrically)");
    }
    return new int[] {extentH(), strideH, pads[0]};
  }

  /**
   * Refuses {@code ceil_mode} 1 unless it gives the same output size as 0 (the windows then fit
   * exactly) for an input of {@code height}×{@code width}.
   */
  void requireFloorMode(NodeAttributes attributes, int height, int width) {
    if (attributes.integer("ceil_mode", 0) != 0
        && ((height + pads[0] + pads[2] - extentH()) % strideH != 0
        || (width + pads[1] + pads[3] - extentW()) % strideW != 0)) {
      throw new IllegalArgumentException("ceil_mode 1 adds a partial window here; SpikeBridge's "
          + "pooling rounds the output size down (export with ceil_mode=False)");
    }
  }
}
