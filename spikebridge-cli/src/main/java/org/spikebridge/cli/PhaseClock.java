package org.spikebridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.HaltPoints;

/**
 * Times a job's phases: prints each phase as it starts and what it took when it ends, with the
 * time so far, and keeps the seconds of every phase for {@code results.json}. A job that can be
 * resumed keeps a log of its finished {@link #phase phases} and their seconds, so that a resumed
 * run skips them and reports the time the earlier run took.
 */
final class PhaseClock {
  /** The {@link HaltPoints} point after a resumable phase is finished and logged. */
  static final String PHASE = "demo.phase";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A phase's work. */
  interface Work<T> {
    T run() throws IOException;
  }

  private final String job;
  private final long start = System.nanoTime();
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final Path log;
  private final Map<String, Double> logged = new LinkedHashMap<>();
  private final List<String> resumed = new ArrayList<>();

  /** A clock for {@code job}, whose name starts every line it prints. */
  PhaseClock(String job) {
    this.job = job;
    this.log = null;
  }

  /**
   * A clock for {@code job} that logs its finished resumable phases in {@code log} (a JSON object
   * of seconds by phase), and reads the phases an earlier run of the job finished from it.
   */
  PhaseClock(String job, Path log) throws IOException {
    this.job = job;
    this.log = log;
    if (Files.exists(log)) {
      try {
        Map<String, Double> earlier = JSON.readValue(log.toFile(), new TypeReference<>() {});
        logged.putAll(earlier == null ? Map.of() : earlier);
      } catch (JsonProcessingException e) {
        throw new FileFormatException(log, "file", "seconds by phase", e.getOriginalMessage(), e);
      }
    }
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

  /**
   * Runs {@code work} as the resumable phase {@code name} and logs it; if an earlier run of the job
   * finished it, runs {@code reload} instead (which reads back what the phase made), keeps the
   * earlier run's seconds and lists the phase in {@link #resumed()}.
   */
  <T> T phase(String name, Work<T> work, Work<T> reload) throws IOException {
    Double earlier = logged.get(name);
    if (earlier != null) {
      System.out.printf("%s %s: done by an earlier run (%.0f s)%n", job, name, earlier);
      seconds.put(name, earlier);
      resumed.add(name);
      return reload.run();
    }
    T result = time(name, work);
    logged.put(name, seconds.get(name));
    AtomicFiles.writeString(log, JSON.writeValueAsString(logged));
    HaltPoints.reached(PHASE);
    return result;
  }

  /** The seconds of each phase so far, in order. */
  Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  /** The phases an earlier run finished and this one skipped, in order. */
  List<String> resumed() {
    return List.copyOf(resumed);
  }

  /** The minutes since this clock was made, plus those of the phases an earlier run finished. */
  double totalMinutes() {
    double earlier = resumed.stream().mapToDouble(seconds::get).sum();
    return (System.nanoTime() - start) / 6e10 + earlier / 60;
  }
}
