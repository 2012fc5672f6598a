package org.spikebridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.spikebridge.data.DatasetSource;
import org.spikebridge.files.AtomicFiles;
import org.spikebridge.files.FileFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a command was given, saved as {@value #FILE} in its output folder so that
 * {@code --resume} continues with the same settings from any working directory: paths (options of
 * type Path, and the folder of {@code --dataset folder:PATH} or {@code npy:PATH}) are made
 * absolute.
 */
final class SavedArguments {
  /** The file in the output folder. */
  static final String FILE = "command.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What {@value #FILE} holds.
   *
   * @param command the subcommand's name
   * @param arguments its options as given, paths made absolute
   */
  private record Saved(String command, List<String> arguments) {}

  private SavedArguments() {}

  /** Writes the options given on {@code spec}'s command line, but those in {@code skip}, to {@code folder}. */
  static void save(CommandSpec spec, Path folder, Set<String> skip) throws IOException {
    List<String> arguments = new ArrayList<>();
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      String name = option.longestName();
      if (skip.contains(name)) {
        continue;
      }
      if (option.arity().max() == 0) {
        if (Boolean.TRUE.equals(option.getValue())) {
          arguments.add(name);
        }
        continue;
      }
      for (String value : option.originalStringValues()) {
        arguments.add(name);
        arguments.add(option.type() == Path.class ? Path.of(value).toAbsolutePath().normalize().toString()
            : name.equals(DatasetOptions.DATASET) ? DatasetSource.withAbsolutePath(value) : value);
      }
    }
    AtomicFiles.writeString(folder.resolve(FILE),
        JSON.writeValueAsString(new Saved(spec.name(), arguments)));
  }

  /**
   * A new command made by {@code factory} with the options saved in {@code folder} followed by
   * {@code extra}; an exception naming the file when there is none, or it holds another command's.
   */
  static <T> T load(Path folder, String command, Supplier<T> factory, String... extra)
      throws IOException {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IOException(folder + " holds no " + FILE + ": nothing to resume there (was it "
          + "written by 'spikebridge " + command + "'?)");
    }
    Saved saved;
    try {
      saved = JSON.readValue(file.toFile(), Saved.class);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(file, "file", "a JSON object", e.getOriginalMessage(), e);
    }
    if (saved == null || !command.equals(saved.command()) || saved.arguments() == null) {
      throw new FileFormatException(file, "command", "the options of 'spikebridge " + command + "'",
          saved == null ? "null" : saved.command());
    }
    T restored = factory.get();
    try {
      List<String> arguments = new ArrayList<>(saved.arguments());
      arguments.addAll(List.of(extra));
      new CommandLine(restored).setOverwrittenOptionsAllowed(true)
          .parseArgs(arguments.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new FileFormatException(file, "arguments", "options of 'spikebridge " + command + "'",
          e.getMessage(), e);
    }
    return restored;
  }
}
