package org.spikebridge.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the cases of a campaign one at a time in a worker thread, each with a deadline of
 * {@value #DEADLINE_SECONDS} s, and classifies the outcome. A case past its deadline has the
 * worker's stack as its outcome; its worker is interrupted and left behind (a daemon) and a new
 * one takes the next case. After {@value #MAX_HANGS} such cases the campaign ends, so that
 * runaway workers do not pile up (threads cannot be stopped safely: one killed while holding a
 * lock would hang every later case).
 *
 * @param <T> what the reader returns
 */
final class CaseRunner<T> implements AutoCloseable {
  /** The most one case may take. */
  static final long DEADLINE_SECONDS = 5;

  /** The cases past their deadline after which a campaign ends. */
  static final int MAX_HANGS = 3;

  /** Whether a reader may refuse a case with an exception. */
  @FunctionalInterface
  interface Allowance {
    boolean isAllowed(Throwable thrown, FuzzCase c, Path folder);
  }

  private final FuzzCampaign.Reader<T> read;
  private final FuzzCampaign.Check<T> check;
  private final Allowance allowance;
  private final String reader;
  private final AtomicLong cpuNanos = new AtomicLong();
  private ExecutorService worker;
  private volatile Thread thread;
  private int hangs;

  CaseRunner(String reader, FuzzCampaign.Reader<T> read, FuzzCampaign.Check<T> check,
      Allowance allowance) {
    this.reader = reader;
    this.read = read;
    this.check = check;
    this.allowance = allowance;
    this.worker = newWorker();
  }

  private ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-" + reader);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /**
   * Writes {@code c} into {@code folder} over the files {@code onDisk} (see
   * {@link FuzzCase#writeTo}) and runs the reader on it.
   */
  Outcome run(FuzzCase c, Path folder, Map<String, byte[]> onDisk) throws IOException {
    c.writeTo(folder, onDisk);
    Future<Outcome> future = worker.submit(() -> outcome(c, folder));
    try {
      return future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      TimeoutException hung = new TimeoutException("the reader was still running after "
          + DEADLINE_SECONDS + " s; its stack is this exception's");
      hung.setStackTrace(thread.getStackTrace());
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      hangs++;
      return Outcome.disallowed("ran past the deadline", hung);
    } catch (ExecutionException e) {
      return Outcome.disallowed("broke the fuzz harness", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fuzzing", e);
    }
  }

  /** The CPU time the cases have taken in the worker, in seconds (0 if the JVM cannot tell). */
  double cpuSeconds() {
    return cpuNanos.get() / 1e9;
  }

  /** Whether {@value #MAX_HANGS} cases ran past their deadline (end the campaign). */
  boolean isStuck() {
    return hangs >= MAX_HANGS;
  }

  private Outcome outcome(FuzzCase c, Path folder) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    try {
      return classified(c, folder);
    } finally {
      cpuNanos.addAndGet(Math.max(0, threads.getCurrentThreadCpuTime() - start));
    }
  }

  private Outcome classified(FuzzCase c, Path folder) {
    T loaded;
    try {
      loaded = read.read(folder);
    } catch (Throwable t) {
      return allowance.isAllowed(t, c, folder) ? Outcome.refused(t) : Outcome.disallowed("threw", t);
    }
    try {
      check.check(loaded, folder);
      return Outcome.LOADED;
    } catch (Throwable t) {
      return Outcome.disallowed("loaded a result that fails the check:", t);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
