package org.spikebridge.fuzz;

/**
 * What a reader did with one case.
 *
 * @param kind loaded (and valid), refused with an allowed exception, or a disallowed outcome
 * @param what for a disallowed outcome, what went wrong ("threw", "loaded an invalid result", …)
 * @param thrown the exception or error behind it; null when the case loaded
 */
record Outcome(Kind kind, String what, Throwable thrown) {

  /** The classes of outcome. */
  enum Kind { LOADED, REFUSED, DISALLOWED }

  static final Outcome LOADED = new Outcome(Kind.LOADED, "loaded", null);

  static Outcome refused(Throwable thrown) {
    return new Outcome(Kind.REFUSED, "refused", thrown);
  }

  static Outcome disallowed(String what, Throwable thrown) {
    return new Outcome(Kind.DISALLOWED, what, thrown);
  }

  /** The outcome and its exception on one line. */
  String describe() {
    return thrown == null ? what : what + " " + thrown;
  }
}
