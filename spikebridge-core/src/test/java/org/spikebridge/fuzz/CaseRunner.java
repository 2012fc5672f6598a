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

/**
 * Runs the cases of a campaign one at a time in a worker thread, each with a deadline of
 * {@value #DEADLINE_SECONDS} s, and classifies the outcome. A case past its deadline leaves the
 * worker stuck: its outcome carries the worker's stack, the worker is stopped, and the campaign
 * stops there.
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
      stuck = true;
      TimeoutException hung = new TimeoutException("the reader was still running after "
          + DEADLINE_SECONDS + " s; its stack is this exception's");
      hung.setStackTrace(thread.getStackTrace());
      future.cancel(true);
      stop(thread);
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
   * campaigns after this one. The case has failed already; the thread's state does not matter.
   */
  @SuppressWarnings({"deprecation", "removal"})
  private static void stop(Thread stuck) {
    try {
      stuck.stop();
    } catch (UnsupportedOperationException e) {
      // Java 20 and later cannot stop a thread: it runs on as a daemon
    }
  }

  /** The CPU time the worker has taken, in seconds (0 when the JVM does not measure it). */
  double cpuSeconds() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = thread == null || !threads.isThreadCpuTimeSupported() ? -1
        : threads.getThreadCpuTime(thread.getId());
    return Math.max(nanos, 0) / 1e9;
  }

  /** Whether a case ran past its deadline (the worker is lost; stop the campaign). */
  boolean isStuck() {
    return stuck;
  }

  private Outcome outcome(FuzzCase c, Path folder) {
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
