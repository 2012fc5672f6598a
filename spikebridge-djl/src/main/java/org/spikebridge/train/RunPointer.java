package org.spikebridge.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.spikebridge.files.FileFormatException;

/**
 * A run folder's pointer file ({@code best.json}, {@code checkpoints/latest.json}): its
 * {@code folder} field names a folder inside the run, and nothing else is followed — neither an
 * absolute path nor one that climbs out with {@code ..}.
 */
final class RunPointer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunPointer() {}

  /**
   * The folder {@code pointer} names, resolved against {@code base}; a {@link FileFormatException}
   * naming the file and the field when it is not JSON, has no {@code folder}, or points outside
   * {@code base}.
   */
  static Path folder(Path pointer, Path base) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(pointer.toFile());
    } catch (JsonProcessingException e) {
      throw new FileFormatException(pointer, "file", "a JSON object", e.getOriginalMessage(), e);
    } catch (CharConversionException e) {
      throw new FileFormatException(pointer, "file", "a JSON object", e.getMessage(), e);
    }
    JsonNode folder = root == null ? null : root.get("folder");
    if (folder == null || !folder.isTextual() || folder.textValue().isBlank()) {
      throw new FileFormatException(pointer, "folder", "the name of a folder inside " + base,
          folder == null ? "none" : folder.toString());
    }
    Path named = path(folder.textValue());
    Path resolved = named == null ? null : base.resolve(named).normalize();
    if (named == null || named.isAbsolute() || !resolved.startsWith(base.normalize())
        || resolved.equals(base.normalize())) {
      throw new FileFormatException(pointer, "folder", "the name of a folder inside " + base,
          folder.toString());
    }
    return resolved;
  }

  /** {@code name} as a path, or null if it cannot be one (a NUL character, say). */
  private static Path path(String name) {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
