package org.spikebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.StagedFolder;
import org.spikebridge.metrics.EnergyModel;
import org.spikebridge.metrics.MetricsFiles;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.DepthReport;
import org.spikebridge.report.MethodResult;
import org.spikebridge.report.ReportPlots;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.report.ResultsFile;
import org.spikebridge.report.SweepReport;
import org.spikebridge.report.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spikebridge report RUN_DIR…}: renders {@code report.md} and the plots of one demo or
 * compare run again from its {@code results.json}, or of any set of {@code simulate} outputs and
 * demo or compare runs together into a new folder, or of a Spark sweep's folder in place
 * ({@link SweepReport}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Re-render report.md and the plots of a demo or compare run from its results.json, "
        + "or render several runs and simulate outputs together (--out), or a Spark sweep's folder.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
      description = "Folders of demo or compare runs (results.json) or of simulate outputs (metrics.json), "
          + "or one sweep folder.")
  List<Path> runDirs;

  @Option(names = "--sweep", description = "Render RUN_DIR, the output folder of a Spark sweep (SweepJob), in "
      + "place: the table of every cell and accuracy charts per checkpoint, T and seed (detected from "
      + "its results.json without this option).")
  boolean sweep;

  @Option(names = "--depth", description = "Render the depth curve of RUN_DIRs, demo or compare runs "
      + "of networks of different depth (each named by its folder), into --out: per network and method "
      + "the first step within 1 point of the ANN and the spikes to it, against the spiking layers.")
  boolean depth;

  @Option(names = "--out", description = "Folder of the combined report (needed unless RUN_DIR is one "
      + "demo or compare run, which is re-rendered in place).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (sweep || runDirs.size() == 1 && out == null && SweepTable.isSweep(runDirs.get(0))) {
      return renderSweep();
    }
    if (depth) {
      return renderDepth();
    }
    for (Path dir : runDirs) {
      if (!Files.exists(dir.resolve(ResultsFile.FILE)) && !Files.exists(dir.resolve(MetricsFiles.METRICS))) {
        throw new IOException(dir + ": expected " + ResultsFile.FILE + " (a demo or compare run) or "
            + MetricsFiles.METRICS + " (a simulate output), found no such file");
      }
    }
    boolean inPlace = out == null && runDirs.size() == 1
        && Files.exists(runDirs.get(0).resolve(ResultsFile.FILE));
    if (!inPlace && out == null) {
      throw new IllegalArgumentException("--out is needed to render " + (runDirs.size() > 1
          ? runDirs.size() + " folders together" : "a simulate output"));
    }
    Path folder = inPlace ? runDirs.get(0) : out;
    List<Path> written = inPlace ? inPlace(folder) : together(folder);
    System.out.println("wrote " + folder.resolve(ReportRenderer.REPORT) + " and " + (written.size() - 1)
        + " plot files in " + folder.resolve(ReportPlots.FOLDER));
    return 0;
  }

  /** Renders the one sweep folder in place. */
  private int renderSweep() throws IOException {
    if (runDirs.size() != 1 || out != null) {
      throw new IllegalArgumentException("--sweep renders one sweep folder in place, found " + runDirs.size()
          + " folders" + (out != null ? " and --out" : ""));
    }
    Path folder = runDirs.get(0);
    List<Path> written = SweepReport.render(folder);
    System.out.println("wrote " + folder.resolve(ReportRenderer.REPORT) + " and " + (written.size() - 1)
        + " plot files in " + folder.resolve(ReportPlots.FOLDER));
    return 0;
  }

  /** Renders the depth curve of the runs into {@code --out}, which appears once complete. */
  private int renderDepth() throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("--depth needs --out: the folder of the depth report");
    }
    List<DepthReport.Network> networks = new ArrayList<>();
    for (Path dir : runDirs) {
      networks.add(new DepthReport.Network(dir.toAbsolutePath().normalize().getFileName().toString(),
          ResultsFile.read(dir)));
    }
    try (StagedFolder staged = StagedFolder.create(out)) {
      DepthReport.render(networks, staged.path());
      staged.commit();
    }
    System.out.println("wrote " + out.resolve(ReportRenderer.REPORT) + " and its plots in "
        + out.resolve(ReportPlots.FOLDER));
    return 0;
  }

  /** Renders one run again in its folder, removing first what a killed earlier rendering left. */
  private static List<Path> inPlace(Path runDir) throws IOException {
    DemoResults results = ResultsFile.read(runDir);
    AtomicFiles.removeLeftovers(runDir);
    return ReportRenderer.render(results, runDir);
  }

  /** Renders every folder together into {@code folder}, which appears once complete. */
  private List<Path> together(Path folder) throws IOException {
    DemoResults results = combined();
    try (StagedFolder staged = StagedFolder.create(folder)) {
      ResultsFile.write(results, staged.path());
      List<Path> written = ReportRenderer.render(results, staged.path());
      staged.commit();
      return written.stream().map(p -> folder.resolve(staged.path().relativize(p))).toList();
    }
  }

  /** Every method of every folder; a label met before gets its folder's name in front. */
  private DemoResults combined() throws IOException {
    List<MethodResult> methods = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    EnergyModel energy = null;
    double alpha = Double.NaN;
    for (Path dir : runDirs) {
      DemoResults part = Files.exists(dir.resolve(ResultsFile.FILE)) ? ResultsFile.read(dir) : simulation(dir);
      energy = energy == null ? part.energy() : energy;
      alpha = Double.isNaN(alpha) ? part.alpha() : alpha;
      for (MethodResult m : part.methods()) {
        String label = labels.contains(m.method()) ? dir.getFileName() + "/" + m.method() : m.method();
        labels.add(label);
        methods.add(new MethodResult(label, m.annAccuracy(), m.metrics(), m.thresholds(), m.operations()));
      }
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("job", "report");
    provenance.put("sources", runDirs.stream().map(d -> d.toAbsolutePath().toString()).toList());
    provenance.put("versions", Versions.all());
    return new DemoResults(provenance, "Rendered together from " + runDirs.size() + " folders.", alpha,
        energy, methods);
  }

  /** A {@code simulate} output folder as one method, named after its run's method or the folder. */
  private static DemoResults simulation(Path dir) throws IOException {
    MetricsFiles.Contents c = MetricsFiles.readContents(dir);
    Object method = c.run().get("method");
    String label = method != null ? method.toString() : dir.getFileName().toString();
    return new DemoResults(c.run(), "", c.alpha(), EnergyModel.CMOS_45NM, List.of(MethodResult.of(label, c)));
  }
}
