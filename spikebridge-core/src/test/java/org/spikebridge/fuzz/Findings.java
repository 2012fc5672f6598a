package org.spikebridge.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The disallowed outcomes of a campaign, grouped by kind: what happened, the exception's class and
 * where it was thrown. Each group keeps its first case, to replay.
 */
final class Findings {
  /** One kind of disallowed outcome. */
  private static final class Group {
    final FuzzCase first;
    final Outcome outcome;
    int count;

    Group(FuzzCase first, Outcome outcome) {
      this.first = first;
      this.outcome = outcome;
    }
  }

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private int total;

  /** Records a disallowed outcome of {@code c}. */
  void add(FuzzCase c, Outcome outcome) {
    total++;
    groups.computeIfAbsent(signature(outcome), k -> new Group(c, outcome)).count++;
  }

  /** The number of disallowed outcomes. */
  int total() {
    return total;
  }

  /** The first outcome's exception, for the stack trace of the failure. */
  Throwable firstThrown() {
    return groups.isEmpty() ? null : groups.values().iterator().next().outcome.thrown();
  }

  /** A paragraph with one line per kind and the command that replays the first case of each. */
  String describe(String reader, int cases, long seed, String test) {
    StringBuilder b = new StringBuilder("fuzz " + reader + ": " + total + " disallowed outcome"
        + (total == 1 ? "" : "s") + " of " + groups.size() + " kind" + (groups.size() == 1 ? "" : "s")
        + " in " + cases + " cases (seed " + seed + ")");
    for (Group g : groups.values()) {
      b.append("\n  ").append(g.count).append(" × ").append(g.outcome.describe())
          .append(at(g.outcome.thrown())).append("; first: ").append(g.first.describe());
    }
    Group first = groups.values().iterator().next();
    b.append("\nreplay a case with: -Dtest=").append(test).append(" -Dspikebridge.fuzz.seed=")
        .append(seed).append(" -Dspikebridge.fuzz.case=").append(first.first.index())
        .append(" (add -Dspikebridge.fuzz.out=DIR to keep its files)");
    return b.toString();
  }

  private static String signature(Outcome o) {
    Throwable t = o.thrown();
    return o.what() + " " + t.getClass().getName() + at(t);
  }

  /** " at Class.method(File.java:line)" of the first project frame, or of the top frame. */
  private static String at(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    for (StackTraceElement e : trace) {
      if (e.getClassName().startsWith("org.spikebridge.")) {
        return " at " + e;
      }
    }
    return trace.length == 0 ? "" : " at " + trace[0];
  }
}
