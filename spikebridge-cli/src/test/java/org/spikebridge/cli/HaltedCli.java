package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.spikebridge.files.HaltPoints;

/**
 * Runs the command line in a new JVM that {@link HaltPoints} stops at a named point, as SIGKILL
 * would stop it there: the deterministic kill of the resume tests.
 */
final class HaltedCli {
  private HaltedCli() {}

  /**
   * Runs {@code spikebridge args…} in {@code workingDir}, halted after {@code haltAfter}
   * ({@code point} or {@code point:n}; null: not halted); its output goes to {@code log}. Returns
   * the exit code: {@link HaltPoints#EXIT_CODE} when it was halted.
   */
  static int run(Path workingDir, Path log, String haltAfter, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
        "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector"));
    if (haltAfter != null) {
      command.add("-D" + HaltPoints.PROPERTY + "=" + haltAfter);
    }
    command.addAll(List.of("-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        SpikeBridge.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("spikebridge " + args + " did not end within 10 minutes; see " + log);
    }
    return process.exitValue();
  }
}
