package org.spikebridge.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.spikebridge.metrics.EnergyModel;

/**
 * Everything a {@code demo} or {@code compare} run measured, for {@code results.json} and
 * {@code report.md}.
 *
 * @param provenance how the results came about (versions, seed, full command, epochs, …), in the
 *     order given; its values must be serializable by Jackson (strings, numbers, booleans, lists,
 *     maps). Whole numbers come back from {@code results.json} as {@code Integer} or {@code Long}.
 * @param dataNote one line on the data, shown at the top of the report, e.g. "Fashion-MNIST, full
 *     test set" or a warning that an embedded subset was used
 * @param alpha the energy of one spike in joules (Eq. 14)
 * @param energy the costs of an accumulate and a multiply-accumulate, for the methods' operation
 *     counts
 * @param methods the methods, in report order, with distinct names
 * @param earlyExit one of the methods simulated again with early exit; null if none was
 */
public record DemoResults(Map<String, Object> provenance, String dataNote, double alpha, EnergyModel energy,
    List<MethodResult> methods, EarlyExitSummary earlyExit) {

  /** The provenance key of v(0), "0" or "θ/2" (absent in older files: 0). */
  public static final String INITIAL_MEMBRANE = "initialMembrane";
  /** The provenance key of the readout, "accumulate" or "spike-count" (absent: accumulate). */
  public static final String READOUT = "readout";
  /** The provenance key of compare's --output-percentile, absent when the output was not mapped. */
  public static final String OUTPUT_PERCENTILE = "outputPercentile";
  /** The provenance key of compare's --output-margin, beside {@link #OUTPUT_PERCENTILE}. */
  public static final String OUTPUT_MARGIN = "outputMargin";
  /** The provenance key of the command that wrote the results, e.g. "demo" or "compare". */
  public static final String JOB = "job";
  /** The provenance key of the full command line, a string or a list of words. */
  public static final String COMMAND = "command";
  /** The jobs {@link #job} recognises in the command line. */
  private static final Set<String> JOBS = Set.of("demo", "compare");

  /** Checks the values and copies the collections. */
  public DemoResults {
    provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    dataNote = dataNote == null ? "" : dataNote.strip();
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha (joules per spike): expected a finite number ≥ 0, found " + alpha);
    }
    Objects.requireNonNull(energy, "energy");
    Objects.requireNonNull(methods, "methods");
    methods = List.copyOf(methods);
    Set<String> names = new HashSet<>();
    for (MethodResult m : methods) {
      if (!names.add(m.method())) {
        throw new IllegalArgumentException("methods: expected distinct names, found '" + m.method() + "' twice");
      }
    }
    if (earlyExit != null && !names.contains(earlyExit.method())) {
      throw new IllegalArgumentException("earlyExit: expected one of the methods " + names + ", found '"
          + earlyExit.method() + "'");
    }
  }

  /** Results without an early-exit run. */
  public DemoResults(Map<String, Object> provenance, String dataNote, double alpha, EnergyModel energy,
      List<MethodResult> methods) {
    this(provenance, dataNote, alpha, energy, methods, null);
  }

  /** The same results with {@code summary} as their early-exit run. */
  public DemoResults withEarlyExit(EarlyExitSummary summary) {
    return new DemoResults(provenance, dataNote, alpha, energy, methods, summary);
  }

  /**
   * The command that wrote the results: the provenance's {@link #JOB}, else the first word of its
   * {@link #COMMAND} that is {@code demo} or {@code compare}; empty if neither says.
   */
  public Optional<String> job() {
    Object job = provenance.get(JOB);
    if (job != null) {
      return Optional.of(String.valueOf(job).strip()).filter(j -> !j.isEmpty());
    }
    Object command = provenance.get(COMMAND);
    Stream<String> words = command instanceof Collection<?> list
        ? list.stream().map(String::valueOf)
        : command == null ? Stream.empty() : Arrays.stream(String.valueOf(command).split("\\s+"));
    return words.filter(JOBS::contains).findFirst();
  }

  /** The method named {@code name}, if any. */
  public Optional<MethodResult> method(String name) {
    return methods.stream().filter(m -> m.method().equals(name)).findFirst();
  }
}
