package org.spikebridge.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import org.spikebridge.files.FileTrees;
import org.spikebridge.files.JsonFields;
import org.spikebridge.network.Network;
import org.spikebridge.network.file.NetworkFiles;

/**
 * The output folder of a stage-2 run ({@code spikebridge tune}):
 *
 * <pre>
 *   candidates/lam1.000_acc88.12_omega2.345_it0150/   network.json, weights.safetensors (a network folder)
 *   candidates.csv     one row per saved candidate: iteration, lambda, p, validation_accuracy,
 *                      mean_omega, within_tolerance, folder
 *   evaluations.csv    one row per validation measurement, saved or not (same columns, folder empty)
 *   best.json          the pick: {"folder": "candidates/…", "withinTolerance": …, …}
 *   progress.json      where the run stands after its latest measurement (p′, the optimizer's
 *                      state, the measurements so far), and whether it has finished
 * </pre>
 *
 * A candidate folder is written under a temporary name and renamed when complete; the CSV files,
 * best.json and then progress.json are replaced atomically after each measurement, so a killed run
 * leaves only complete candidates and a pointer to one of them. best.json's folder is relative to
 * the run folder and is itself a network folder that {@code spikebridge convert --checkpoint}
 * reads. progress.json is the truth: {@link #recover} brings the rest back to it.
 */
public final class TuneDirectory {
  /** The pick's pointer file. */
  public static final String BEST = "best.json";
  /** The table of saved candidates. */
  public static final String CANDIDATES_CSV = "candidates.csv";
  /** The table of every validation measurement. */
  public static final String EVALUATIONS_CSV = "evaluations.csv";
  /** The folder that holds the candidate network folders. */
  public static final String CANDIDATES = "candidates";
  /** Where the run stands after its latest measurement. */
  public static final String PROGRESS = "progress.json";
  private static final String HEADER =
      "iteration,lambda,p,validation_accuracy,mean_omega,within_tolerance,folder\n";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

  private final Path root;

  /** The run folder {@code root}. */
  public TuneDirectory(Path root) {
    this.root = root;
  }

  /** The run folder. */
  public Path root() {
    return root;
  }

  /**
   * best.json: the chosen candidate.
   *
   * @param folder the candidate's network folder, relative to the run folder
   * @param iteration the iteration it was measured after
   * @param lambda λ
   * @param p the threshold scales p = sigmoid(p′), one per distinct p′
   * @param validationAccuracy its validation accuracy in percent
   * @param meanOmega its mean Ω over the validation set
   * @param withinTolerance false when no measurement met the tolerance and this is the most accurate
   * @param stageOneValidationAccuracy the stage-1 network's validation accuracy
   * @param accuracyTolerance the tolerance in points
   */
  public record Pick(String folder, long iteration, double lambda, List<Double> p,
      double validationAccuracy, double meanOmega, boolean withinTolerance,
      double stageOneValidationAccuracy, double accuracyTolerance) {}

  /** The folder name of a candidate, e.g. {@code lam1.000_acc88.12_omega2.345_it0150}. */
  static String candidateName(StageTwoTraining.Measurement e) {
    return String.format(Locale.ROOT, "lam%.3f_acc%.2f_omega%.3f_it%04d", e.lambda(),
        e.validationAccuracy(), e.meanOmega(), e.iteration());
  }

  /** Saves {@code network} as a candidate folder (atomically); returns its path relative to root. */
  String saveCandidate(StageTwoTraining.Measurement e, Network network) throws IOException {
    Path candidates = Files.createDirectories(root.resolve(CANDIDATES));
    String name = candidateName(e);
    Path partial = Files.createTempDirectory(candidates, "." + name + ".partial-");
    NetworkFiles.save(network, partial);
    Files.move(partial, candidates.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return CANDIDATES + "/" + name;
  }

  /** Rewrites candidates.csv and evaluations.csv atomically. */
  void writeTables(List<StageTwoTraining.Measurement> candidates,
      List<StageTwoTraining.Measurement> evaluations) throws IOException {
    AtomicFiles.writeString(root.resolve(CANDIDATES_CSV), table(candidates));
    AtomicFiles.writeString(root.resolve(EVALUATIONS_CSV), table(evaluations));
  }

  /** Writes best.json atomically. */
  void writePick(Pick pick) throws IOException {
    AtomicFiles.writeString(root.resolve(BEST), JSON.writeValueAsString(pick));
  }

  /** Writes progress.json atomically. */
  void writeProgress(TuneProgress progress) throws IOException {
    AtomicFiles.writeString(root.resolve(PROGRESS), JSON.writeValueAsString(progress));
  }

  /** progress.json: where the run stands, if it has measured anything. */
  Optional<TuneProgress> progress() throws IOException {
    Path file = root.resolve(PROGRESS);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    TuneProgress progress;
    try {
      progress = JSON.readValue(file.toFile(), TuneProgress.class);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(file, "file", "the progress of a stage-2 run",
          e.getOriginalMessage(), e);
    }
    if (progress == null) {
      throw new FileFormatException(file, "file", "the progress of a stage-2 run", "null");
    }
    return Optional.of(progress);
  }

  /** Whether the run has made its final pick (progress.json says so). */
  public boolean isFinished() throws IOException {
    return progress().map(TuneProgress::finished).orElse(false);
  }

  /**
   * Brings the folder of a killed run back to its progress.json: removes temporary files,
   * unfinished candidate folders and candidates saved after the latest progress, and rewrites
   * the tables and best.json from it; without progress.json, removes every file of the run. Returns
   * the progress.
   */
  Optional<TuneProgress> recover() throws IOException {
    Optional<TuneProgress> progress = progress();
    Set<String> kept = progress.map(p -> p.candidates().stream().map(StageTwoTraining.Measurement::folder)
        .collect(Collectors.toSet())).orElse(Set.of());
    AtomicFiles.removeLeftovers(root);
    Path candidates = root.resolve(CANDIDATES);
    if (Files.isDirectory(candidates)) {
      try (Stream<Path> folders = Files.list(candidates)) {
        for (Path folder : folders.toList()) {
          if (!kept.contains(CANDIDATES + "/" + folder.getFileName())) {
            FileTrees.deleteRecursively(folder);
          }
        }
      }
    }
    if (progress.isEmpty()) {
      for (String file : List.of(CANDIDATES_CSV, EVALUATIONS_CSV, BEST)) {
        Files.deleteIfExists(root.resolve(file));
      }
      return progress;
    }
    writeTables(progress.get().candidates(), progress.get().measurements());
    if (progress.get().pick() == null) {
      Files.deleteIfExists(root.resolve(BEST));
    } else {
      writePick(progress.get().pick());
    }
    return progress;
  }

  /** The pick written by the run. */
  public Pick pick() throws IOException {
    Path best = root.resolve(BEST);
    if (!Files.exists(best)) {
      throw new IOException(best + " is missing: " + root + " holds no finished stage-2 run "
          + "(was it written by 'spikebridge tune'?)");
    }
    Pick pick = JsonFields.readValue(best, JSON, Pick.class, "the pick of a stage-2 run");
    if (pick.folder() == null) {
      throw new FileFormatException(best, "folder", "the picked candidate's folder", "none");
    }
    if (pick.p() == null || pick.p().contains(null)) {
      throw new FileFormatException(best, "p", "the threshold scales, one number per distinct p′",
          pick.p());
    }
    return pick;
  }

  /** The picked candidate's network folder, which must lie inside the run folder. */
  public Path bestFolder() throws IOException {
    return RunPointer.folder(root.resolve(BEST), root);
  }

  /** The picked candidate network. */
  public Network bestNetwork() throws IOException {
    return NetworkFiles.load(bestFolder());
  }

  private static String table(List<StageTwoTraining.Measurement> rows) {
    StringBuilder out = new StringBuilder(HEADER);
    for (StageTwoTraining.Measurement e : rows) {
      out.append(String.format(Locale.ROOT, "%d,%.6g,%s,%.4f,%.6f,%s,%s%n", e.iteration(),
          e.lambda(), formatP(e.p()), e.validationAccuracy(), e.meanOmega(), e.withinTolerance(),
          e.folder() == null ? "" : e.folder()));
    }
    return out.toString();
  }

  /** The scales as {@code 0.9526} or, per layer, {@code 0.9526;0.9400;0.9312}. */
  static String formatP(List<Double> p) {
    return p.stream().map(v -> String.format(Locale.ROOT, "%.6f", v)).collect(Collectors.joining(";"));
  }
}
