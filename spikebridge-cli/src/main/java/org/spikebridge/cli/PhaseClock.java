package org.spikebridge.cli;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times a job's phases: prints each phase as it starts and what it took when it ends, with the
 * time so far, and keeps the seconds of every phase for {@code results.json}.
 */
final class PhaseClock {
  /** A phase's work. */
  interface Work<T> {
    T run() throws IOException;
  }

  private final String job;
  private final long start = System.nanoTime();
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** A clock for {@code job}, whose name starts every line it prints. */
  PhaseClock(String job) {
    this.job = job;
  }

  /** Runs {@code work} as the phase {@code name}. */
  <T> T time(String name, Work<T> work) throws IOException {
    System.out.println(job + " " + name);
    long begin = System.nanoTime();
    T result = work.run();
    double took = (System.nanoTime() - begin) / 1e9;
    seconds.put(name, took);
    System.out.printf("%s %s: %.0f s (%.1f min so far)%n", job, name, took, totalMinutes());
    return result;
  }

  /** The seconds of each phase so far, in order. */
  Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  /** The minutes since this clock was made. */
  double totalMinutes() {
    return (System.nanoTime() - start) / 6e10;
  }
}
