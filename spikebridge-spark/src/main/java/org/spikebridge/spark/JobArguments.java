package org.spikebridge.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} arguments of a job's main class; each job lists the names it knows,
 * and an unknown or repeated name, or a name without a value, is refused.
 */
final class JobArguments {
  /** A job's body, run by {@link #runOrExit}. */
  interface Job {
    void run() throws IOException;
  }

  /**
   * Runs {@code job}; a bad option, a missing or malformed file ends the process with one line
   * naming it, {@code name: message}, and exit code 1.
   */
  static void runOrExit(String name, Job job) {
    try {
      job.run();
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      System.err.println(name + ": " + cause.getMessage());
      System.exit(1);
    }
  }

  private final Map<String, String> values = new HashMap<>();

  /** Parses {@code args}, refusing names not in {@code known}. */
  JobArguments(String[] args, List<String> known) {
    Set<String> names = new HashSet<>(known);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !names.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option '" + name + "': expected one of --"
            + String.join(", --", known));
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(name + ": expected a value");
      }
      if (values.put(name.substring(2), args[i + 1]) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
  }

  /** The value of {@code --name}, which must be given. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  /** The value of {@code --name}, or {@code fallback} (possibly null) when not given. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The whole number of {@code --name}, or {@code fallback}. */
  int integer(String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": expected a whole number, found '" + value + "'", e);
    }
  }

  /**
   * The whole numbers (comma-separated) of {@code --name}, or of {@code fallback} when not given;
   * a null fallback makes the option required.
   */
  List<Integer> integers(String name, String fallback) {
    String value = fallback == null ? required(name) : get(name, fallback);
    try {
      return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": expected whole numbers separated by commas, found '"
          + value + "'", e);
    }
  }
}
