package org.spikebridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The classes a program loads, read from the class-loading log of a JVM of its own started on the
 * test class path ({@code -Xlog:class+load}): how tests show that a path loads no class of DJL.
 * Public for the tests of other modules.
 */
public final class LoadedClasses {
  private LoadedClasses() {}

  /**
   * Runs {@code mainClass} with {@code args} in a new JVM whose files go into {@code dir}, checks
   * that it exits with 0 within five minutes (failing with its output otherwise), and returns the
   * names of the classes it loaded, in loading order.
   */
  public static List<String> of(Path dir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    Path output = dir.resolve("output.txt");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-Dai.djl.offline=true",
        "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(mainClass.getSimpleName() + " finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(output)).isZero();
    return Files.readAllLines(log).stream().map(LoadedClasses::className).toList();
  }

  /** The class a line of {@code -Xlog:class+load} names: "[…][info][class,load] NAME source: …". */
  private static String className(String line) {
    String after = line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2);
    int space = after.indexOf(' ');
    return space < 0 ? after : after.substring(0, space);
  }
}
