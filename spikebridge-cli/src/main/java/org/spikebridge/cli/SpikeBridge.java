package org.spikebridge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code spikebridge} command: import, train, tune, convert, calibrate, simulate, export,
 * compare, inspect, report, demo and bench.
 */
@Command(name = "spikebridge", mixinStandardHelpOptions = true, versionProvider = Versions.class,
    description = "ANN-to-SNN conversion with Rate Norm Layers (Ding et al., IJCAI-21).",
    subcommands = {ImportCommand.class, TrainCommand.class, TuneCommand.class, ConvertCommand.class,
        CalibrateCommand.class, SimulateCommand.class, ExportCommand.class, CompareCommand.class,
        InspectCommand.class, ReportCommand.class, DemoCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class SpikeBridge {

  private SpikeBridge() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns its exit code: 0 on success, 1 for an error the user can fix
   * (printed as one line, no stack trace), 2 for a usage error.
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new SpikeBridge()).setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      if (cause instanceof IOException || cause instanceof IllegalArgumentException
          || cause instanceof IllegalStateException) {
        commandLine.getErr().println("spikebridge " + commandLine.getCommandName() + ": "
            + cause.getMessage());
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
