package org.spikebridge.files;

/**
 * Named points in a job's writing of its output where a test can stop the process dead, to check
 * that a killed run loses nothing and resumes without hand cleaning. The system property
 * {@value #PROPERTY}{@code =<point>} (or {@code <point>:<n>}: the n-th arrival, from 1) makes the
 * process call {@link Runtime#halt} with {@value #EXIT_CODE} right after that point: as with
 * SIGKILL, no shutdown hook, finally block or buffered write runs. Without the property, which
 * nothing but tests sets, {@link #reached} does nothing.
 *
 * <p>The points are named by the classes that reach them: {@code train.batch},
 * {@code train.checkpoint}, {@code tune.measurement} and {@code demo.phase}.
 */
public final class HaltPoints {
  /** The system property that names the point to halt after. */
  public static final String PROPERTY = "spikebridge.test.haltAfter";
  /** The exit code of a halted process: that of a process killed by SIGKILL (128 + 9). */
  public static final int EXIT_CODE = 137;

  private static int arrivals;

  private HaltPoints() {}

  /** Marks the arrival at {@code point}; halts the process if the property names this arrival. */
  public static synchronized void reached(String point) {
    String target = System.getProperty(PROPERTY);
    if (target == null || !target.equals(point) && !target.startsWith(point + ":")) {
      return;
    }
    String count = target.substring(point.length());
    arrivals++;
    if (count.isEmpty() || Integer.parseInt(count.substring(1)) == arrivals) {
      System.err.println("halting after " + point + " (" + PROPERTY + "=" + target + ")");
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
