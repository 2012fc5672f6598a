package org.spikebridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's library snippets stay true: its example is the marked region of
 * {@link ClassifyImages} (so it compiles and is tested), and its dependency names this version.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE = Path.of("src", "main", "java", "org", "spikebridge", "examples",
      "ClassifyImages.java");

  @Test
  void theExampleIsTheMarkedRegionOfClassifyImages() throws IOException {
    String source = Files.readString(SOURCE);
    String region = between(source, "// README:start\n", "// README:end").stripTrailing();
    String snippet = between(Files.readString(README), "<!-- example:ClassifyImages -->\n```java\n", "```");

    assertThat(region).as("the marked region of " + SOURCE).isNotBlank();
    assertThat(snippet).isEqualTo(region.stripIndent() + "\n");
  }

  @Test
  void theDependencySnippetNamesThisVersion() throws IOException {
    String readme = Files.readString(README);

    assertThat(readme).contains("""
        <dependency>
          <groupId>org.spikebridge</groupId>
          <artifactId>spikebridge-core</artifactId>
          <version>%s</version>
        </dependency>
        """.formatted(System.getProperty("spikebridge.version")));
  }

  /** The text of {@code text} after {@code start} and before the next {@code end}; fails when either is missing. */
  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("where '%s' is", start.strip()).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    assertThat(to).as("where '%s' is after '%s'", end, start.strip()).isNotNegative();
    return text.substring(from + start.length(), to);
  }
}
