package org.spikebridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikebridge.report.DemoResults;
import org.spikebridge.report.ReportRenderer;
import org.spikebridge.report.ResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spikebridge report RUN_DIR}: re-renders {@code report.md} and the plots from {@code results.json}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Re-render report.md and the plots (PNG and SVG) of a demo run from its results.json.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The demo run's folder (holding results.json).")
  Path runDir;

  @Override
  public Integer call() throws Exception {
    DemoResults results = ResultsFile.read(runDir);
    List<Path> written = ReportRenderer.render(results, runDir);
    System.out.println("wrote " + runDir.resolve(ReportRenderer.REPORT) + " and " + (written.size() - 1)
        + " plot files in " + runDir.resolve("plots"));
    return 0;
  }
}
