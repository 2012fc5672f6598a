package org.spikebridge.data;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real test material (datasets, reference models) that a machine may lack: a test that needs it is
 * skipped with a message on a user's machine, and fails where {@link #REQUIRE} is set, as
 * {@code .ci/run} sets it, so that CI never passes by skipping.
 */
public final class RealData {
  /** The environment variable that turns a missing-material skip into a failure. */
  public static final String REQUIRE = "SPIKEBRIDGE_REQUIRE_DATA";

  private RealData() {}

  /** {@code found}'s value; a skip, or a failure under {@link #REQUIRE}, naming {@code what} if empty. */
  public static <T> T require(Optional<T> found, String what) {
    if (found.isEmpty() && System.getenv(REQUIRE) != null) {
      Assertions.fail("$" + REQUIRE + " is set, so this test must run, but " + what + " is missing");
    }
    Assumptions.assumeTrue(found.isPresent(), what + " is missing: skipped");
    return found.get();
  }

  /** The folder of Fashion-MNIST, wherever {@link DatasetLocator#system()} finds it. */
  public static Path fashionMnist() {
    return require(DatasetLocator.system().find(KnownDataset.FASHION_MNIST),
        "Fashion-MNIST (set $SPIKEBRIDGE_DATA to a folder holding fashion-mnist/)");
  }
}
