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
 * worker's stack as its outcome, and the worker is stopped; where it cannot be (Java 20 and later),
 * the campaign ends there.
 *
 * @param <T> what the reader returns
 */
final class CaseRunner<T> implements AutoCloseable {
  /** The most one case may take. */
  static final long DEADLINE_SECONDS = 5;

  /** Whether a reader may refuse a case with an exception. */
  @FunctionalInterface
  interface Allowance {
    boolean isAllowed(Throwable thrown, FuzzCase c, Path folder);
  }

  private final FuzzCampaign.Reader<T> read;
  private final FuzzCampaign.Check<T> check;
  private final Allowance allowance;
  private final ExecutorService worker;
  private volatile Thread thread;
  private final AtomicLong cpuNanos = new AtomicLong();
  private boolean stuck;

  CaseRunner(String reader, FuzzCampaign.Reader<T> read, FuzzCampaign.Check<T> check,
      Allowance allowance) {
    this.read = read;
    this.check = check;
    this.allowance = allowance;
    this.worker = Executors.newSingleThreadExecutor(r -> {
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
      stuck = !stop(thread);
      return Outcome.disallowed("ran past the deadline", hung);
    } catch (ExecutionException e) {
      return Outcome.disallowed("broke the fuzz harness", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fuzzing", e);
    }
  }

  /**
   * Stops a worker stuck in a reader, so that it does not go on taking CPU and memory from the
   * cases after this one; the case has failed already, so what the reader was doing does not
   * matter. Whether the worker is free for the next case.
   */
  @SuppressWarnings({"deprecation", "removal"})
  private boolean stop(Thread stuck) {
    try {
      stuck.stop();
      worker.submit(() -> { }).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (UnsupportedOperationException | ExecutionException | TimeoutException e) {
      return false; // Java 20 and later cannot stop a thread: it runs on as a daemon
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The CPU time the cases have taken in the worker, in seconds (0 if the JVM cannot tell). */
  double cpuSeconds() {
    return cpuNanos.get() / 1e9;
  }

  /** Whether a case ran past its deadline and its worker could not be stopped (stop there). */
  boolean isStuck() {
    return stuck;
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
