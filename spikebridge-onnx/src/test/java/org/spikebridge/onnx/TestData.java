package org.spikebridge.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.spikebridge.data.RealData;

/**
 * Where the outside test material is: PyTorch's exports with their reference inputs and outputs
 * ({@code $SPIKEBRIDGE_ONNX_MODELS}), and the ONNX project's {@code pytorch-converted} backend test
 * cases (Debian's {@code libonnx-testdata}). On a user's machine without them the tests that need
 * them are skipped; where {@code $SPIKEBRIDGE_REQUIRE_DATA} is set, as in CI, they fail instead
 * ({@link RealData}).
 */
public final class TestData {
  /** Where Debian's libonnx-testdata puts the pytorch-converted cases. */
  public static final Path PYTORCH_CONVERTED =
      Path.of("/usr/share/libonnx-testdata/data/pytorch-converted");

  private TestData() {}

  /** The folder of reference ONNX models, or the test is skipped (failed under CI). */
  public static Path models() {
    String dir = System.getenv("SPIKEBRIDGE_ONNX_MODELS");
    return require(dir == null ? null : Path.of(dir), "$SPIKEBRIDGE_ONNX_MODELS (a folder of "
        + "NAME.onnx with NAME.input.npy and NAME.output.npy)");
  }

  /** The pytorch-converted cases, or the test is skipped (failed under CI). */
  public static Path pytorchConverted() {
    return require(PYTORCH_CONVERTED, PYTORCH_CONVERTED + " (apt-get install libonnx-testdata)");
  }

  private static Path require(Path dir, String what) {
    return RealData.require(Optional.ofNullable(dir).filter(Files::isDirectory), what);
  }
}
