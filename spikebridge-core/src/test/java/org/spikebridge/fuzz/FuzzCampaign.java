package org.spikebridge.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded mutation fuzzer for one reader. Each case takes one seed (a valid folder of files, built
 * by the project's own writers or by hand), mutates one of its files, writes the files into one
 * reused folder and runs the reader on it in a worker thread with a deadline
 * ({@link CaseRunner}). Allowed outcomes are a refusal (an exception of an allowed type, or any
 * {@link IOException}, whose message is one line that names a file of the case) or a loaded object
 * that passes the campaign's check. Anything else (a NullPointerException, an index error, an
 * OutOfMemoryError, a StackOverflowError, a check that fails, a case that runs past the deadline)
 * fails the campaign with the case, its seed and the exception, and the command that replays it.
 *
 * <p>System properties: {@code spikebridge.fuzz.cases} (cases per reader, default
 * {@value #DEFAULT_CASES}), {@code spikebridge.fuzz.seed} (default 1), {@code spikebridge.fuzz.case}
 * (run only that case and print its outcome), {@code spikebridge.fuzz.out} (with {@code case}: a
 * folder to copy the case's files into).
 *
 * @param <T> what the reader returns
 */
public final class FuzzCampaign<T> {
  /** The cases per reader when {@code spikebridge.fuzz.cases} is not set. */
  public static final int DEFAULT_CASES = 2000;

  /** Reads the case written into {@code folder}. */
  @FunctionalInterface
  public interface Reader<T> {
    /** What the reader makes of the files in {@code folder}. */
    T read(Path folder) throws Exception;
  }

  /** Checks what a reader loaded; throws (an AssertionError, say) when it is not valid. */
  @FunctionalInterface
  public interface Check<T> {
    /** Throws unless {@code loaded}, read from {@code folder}, is valid. */
    void check(T loaded, Path folder) throws Exception;
  }

  /** Adjusts a case after one of its files was mutated, e.g. a checksum that names that file. */
  @FunctionalInterface
  public interface FixUp {
    /** Changes {@code files} (by relative path) now that {@code mutated} holds new bytes. */
    void apply(Map<String, byte[]> files, String mutated, SplittableRandom random);
  }

  private final String reader;
  private final Reader<T> read;
  private final Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();
  private final Map<String, Mutation> mutations = new LinkedHashMap<>();
  private final List<FixUp> fixUps = new ArrayList<>();
  private final List<Class<? extends Throwable>> allowed = new ArrayList<>();
  private Check<T> check = (loaded, folder) -> Objects.requireNonNull(loaded, "the result");

  private FuzzCampaign(String reader, Reader<T> read) {
    this.reader = reader;
    this.read = read;
  }

  /** A campaign against {@code read}, called {@code reader} in messages. */
  public static <T> FuzzCampaign<T> of(String reader, Reader<T> read) {
    return new FuzzCampaign<>(reader, read);
  }

  /**
   * Adds a seed: the files of a valid folder by relative path, which the reader must load. The
   * files are taken in the order of their names, so that a case does not depend on the map given.
   */
  public FuzzCampaign<T> seed(String label, Map<String, byte[]> files) {
    if (files.isEmpty() || seeds.put(label, new TreeMap<>(files)) != null) {
      throw new IllegalArgumentException("seed '" + label + "': expected files and a new label");
    }
    return this;
  }

  /** Mutates files whose name ends in {@code suffix} with {@code mutation} (default: bytes). */
  public FuzzCampaign<T> mutate(String suffix, Mutation mutation) {
    mutations.put(suffix, mutation);
    return this;
  }

  /** Applies {@code fixUp} to every case after its mutation. */
  public FuzzCampaign<T> fixUp(FixUp fixUp) {
    fixUps.add(fixUp);
    return this;
  }

  /** Allows the reader to refuse a case with {@code type} (IOExceptions are always allowed). */
  public FuzzCampaign<T> allow(Class<? extends Throwable> type) {
    allowed.add(type);
    return this;
  }

  /** Checks every loaded result with {@code check} (default: not null). */
  public FuzzCampaign<T> check(Check<T> check) {
    this.check = check;
    return this;
  }

  /**
   * Runs the seeds, then the cases, in {@code work}; throws an AssertionError describing every
   * kind of disallowed outcome.
   */
  public FuzzReport run(Path work) throws IOException {
    String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.skip(1).findFirst())
        .map(f -> f.getDeclaringClass().getSimpleName() + "#" + f.getMethodName()).orElse("?");
    long seed = Long.getLong("spikebridge.fuzz.seed", 1);
    Integer only = Integer.getInteger("spikebridge.fuzz.case");
    int cases = only != null ? 1 : Integer.getInteger("spikebridge.fuzz.cases", DEFAULT_CASES);
    Path folder = Files.createDirectories(work.resolve("case"));
    Findings findings = new Findings();
    int loaded = 0;
    int ran = 0;
    long start = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long mainCpu = threads.getCurrentThreadCpuTime();
    double workerCpu;
    try (CaseRunner<T> runner = new CaseRunner<>(reader, read, check, this::isAllowed)) {
      Map<String, byte[]> onDisk = new HashMap<>();
      runSeeds(runner, folder, onDisk);
      for (int i = 0; i < cases && !runner.isStuck(); i++, ran++) {
        FuzzCase c = generate(only != null ? only : i, seed);
        Outcome o = runner.run(c, folder, onDisk);
        if (only != null) {
          replayed(c, o);
        }
        loaded += o.kind() == Outcome.Kind.LOADED ? 1 : 0;
        if (o.kind() == Outcome.Kind.DISALLOWED) {
          findings.add(c, o);
        }
      }
      workerCpu = runner.cpuSeconds();
    }
    FuzzReport report = new FuzzReport(reader, ran, loaded, ran - loaded - findings.total(),
        findings.total(), (System.nanoTime() - start) / 1e9,
        workerCpu + (threads.getCurrentThreadCpuTime() - mainCpu) / 1e9);
    System.out.println(report);
    if (findings.total() > 0) {
      throw new AssertionError(findings.describe(reader, ran, seed, test),
          findings.firstThrown());
    }
    return report;
  }

  /** Runs every seed unmutated: each must load, or the campaign is broken. */
  private void runSeeds(CaseRunner<T> runner, Path folder, Map<String, byte[]> onDisk)
      throws IOException {
    for (Map.Entry<String, Map<String, byte[]>> s : seeds.entrySet()) {
      FuzzCase c = new FuzzCase(-1, s.getKey(), null, s.getValue());
      Outcome o = runner.run(c, folder, onDisk);
      if (o.kind() != Outcome.Kind.LOADED) {
        throw new AssertionError("fuzz " + reader + ": " + c.describe() + " must load, but: "
            + o.describe(), o.thrown());
      }
    }
  }

  /** Case {@code index} of the campaign with base seed {@code seed}; the same for the same two. */
  FuzzCase generate(int index, long seed) {
    SplittableRandom random = new SplittableRandom(
        new SplittableRandom(seed ^ reader.hashCode()).nextLong() + index * 0x9E3779B97F4A7C15L);
    List<String> labels = new ArrayList<>(seeds.keySet());
    String label = labels.get(random.nextInt(labels.size()));
    Map<String, byte[]> files = new LinkedHashMap<>(seeds.get(label));
    List<String> names = new ArrayList<>(files.keySet());
    String target = names.get(random.nextInt(names.size()));
    List<byte[]> donors = seeds.values().stream().map(s -> s.get(target))
        .filter(Objects::nonNull).toList();
    Mutation mutation = mutations.entrySet().stream().filter(e -> target.endsWith(e.getKey()))
        .map(Map.Entry::getValue).findFirst().orElse(Mutations.bytes());
    files.put(target, mutation.apply(files.get(target), new Mutator(random, donors)));
    for (FixUp f : fixUps) {
      f.apply(files, target, random);
    }
    return new FuzzCase(index, label, target, files);
  }

  private boolean isAllowed(Throwable t, FuzzCase c, Path folder) {
    boolean typed = t instanceof IOException || allowed.stream().anyMatch(k -> k.isInstance(t));
    String message = t.getMessage();
    return typed && message != null && !message.isBlank() && message.lines().count() == 1
        && c.isNamedIn(message, folder);
  }

  /** Prints the replayed case's outcome and, if asked, keeps its files. */
  private void replayed(FuzzCase c, Outcome o) throws IOException {
    System.out.println("fuzz " + reader + ": " + c.describe() + ": " + o.describe());
    if (o.thrown() != null) {
      o.thrown().printStackTrace(System.out);
    }
    String out = System.getProperty("spikebridge.fuzz.out");
    if (out != null) {
      c.writeTo(Files.createDirectories(Path.of(out)), new HashMap<>());
      System.out.println("its files are in " + out);
    }
  }
}
