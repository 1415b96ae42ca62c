package dev.foodlens.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8 acceptance 1: the roadmap docs cite tests, commands and files as their evidence; this
 * fails when one of them no longer exists, so the docs cannot silently stop being true.
 */
class RoadmapDocsTest {
  private static final Pattern TEST =
      Pattern.compile("`([A-Z]\\w*(?:Test|Properties))(?:#(\\w+))?`");
  private static final Pattern COMMAND =
      Pattern.compile("java -jar target/foodlens-sync\\.jar (\\w+)");
  private static final Pattern FILE = Pattern.compile(
      "`((?:docs|conf|bench|docker|src|core|client|server)/[\\w./-]+)`");

  @ParameterizedTest
  @ValueSource(strings = {"docs/roadmap/phase-2-cloud-db-execution.md",
      "docs/roadmap/phase-3-sync-conflict-execution.md",
      "docs/roadmap/sharding-by-user-id.md"})
  void everyCitedTestCommandAndFile_exists(String doc) throws IOException {
    String text = Files.readString(Path.of(doc));
    Map<String, Path> tests = testClasses();
    List<String> missing = new ArrayList<>();
    Matcher t = TEST.matcher(text);
    while (t.find()) {
      Path source = tests.get(t.group(1));
      if (source == null) {
        missing.add("test class " + t.group(1));
      } else if (t.group(2) != null && !Files.readString(source).contains(" " + t.group(2) + "(")) {
        missing.add("test method " + t.group(1) + "#" + t.group(2));
      }
    }
    String commands = commandSources();
    Matcher c = COMMAND.matcher(text);
    while (c.find()) {
      if (!commands.contains("@Command(name = \"" + c.group(1) + "\"")) {
        missing.add("command " + c.group(1));
      }
    }
    Matcher f = FILE.matcher(text);
    while (f.find()) {
      if (!Files.exists(Path.of(f.group(1)))) {
        missing.add("file " + f.group(1));
      }
    }
    assertThat(missing).as("cited in %s but gone", doc).isEmpty();
    assertThat(text).as("a roadmap doc cites evidence").containsPattern(TEST);
  }

  private static Map<String, Path> testClasses() throws IOException {
    try (Stream<Path> files = Stream.of("core", "client", "server")
        .flatMap(RoadmapDocsTest::testSources)) {
      return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toMap(
          p -> p.getFileName().toString().replace(".java", ""), p -> p, (a, b) -> a));
    }
  }

  /** The command line's sources: each command is a picocli {@code @Command(name = ...)}. */
  private static String commandSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("server/src/main/java/dev/foodlens/sync/app"))) {
      for (Path file : files.toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }

  private static Stream<Path> testSources(String module) {
    try {
      return Files.walk(Path.of(module, "src/test/java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
