package org.spikebridge.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input of a fuzz campaign: the files of a folder, by path relative to it.
 *
 * @param index the case's number in its campaign; -1 for an unmutated seed
 * @param seed the label of the seed it was made from
 * @param mutated the file that was mutated (null for a seed)
 * @param files the content of every file
 */
record FuzzCase(int index, String seed, String mutated, Map<String, byte[]> files) {

  FuzzCase {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Writes the files into {@code folder} over those of the case before, whose content by name is
   * {@code onDisk}: a file that holds the same bytes already (the same array, as the seeds' files
   * that a case did not mutate) is left alone, one the case lacks is deleted. Updates
   * {@code onDisk}.
   */
  void writeTo(Path folder, Map<String, byte[]> onDisk) throws IOException {
    for (String name : List.copyOf(onDisk.keySet())) {
      if (!files.containsKey(name)) {
        Files.deleteIfExists(folder.resolve(name));
        onDisk.remove(name);
      }
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (onDisk.get(e.getKey()) != e.getValue()) {
        Path file = folder.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, e.getValue());
        onDisk.put(e.getKey(), e.getValue());
      }
    }
  }

  /** Whether {@code message} names one of the case's files or its folder. */
  boolean isNamedIn(String message, Path folder) {
    if (message.contains(folder.getFileName().toString())) {
      return true;
    }
    return files.keySet().stream()
        .anyMatch(name -> message.contains(Path.of(name).getFileName().toString()));
  }

  /** "case 12 (seed 'small', network.json mutated)", for messages. */
  String describe() {
    return index < 0 ? "seed '" + seed + "' (unmutated)"
        : "case " + index + " (seed '" + seed + "', " + mutated + " mutated)";
  }
}
