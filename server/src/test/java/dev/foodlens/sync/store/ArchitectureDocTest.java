package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What docs/architecture.md says about the code that can drift from it, held to the code. */
class ArchitectureDocTest {
  static final Path DOC = Path.of("docs/architecture.md");

  @Test
  void pushFlushOrder_isRowKindOrder() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("round trip 3  flush");
    int end = doc.indexOf("append_changes", start);
    assertThat(start).as("the push path's flush in the doc").isPositive();
    List<String> documented = new ArrayList<>();
    Matcher statement = Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b")
        .matcher(doc.substring(start, end));
    while (statement.find()) {
      documented.add(statement.group());
    }
    assertThat(documented).containsExactlyElementsOf(Arrays.stream(RowKind.values())
        .map(kind -> kind.path.substring(kind.path.indexOf('/') + 1)).toList());
  }

  @Test
  void schemaSection_namesEveryMigration() throws IOException {
    String doc = Files.readString(DOC);
    String schema = doc.substring(doc.indexOf("## Schema"));
    List<String> versions;
    try (Stream<Path> files =
        Files.list(Path.of("server/src/main/resources/db/migration"))) {
      versions = files.map(f -> f.getFileName().toString())
          .map(name -> name.substring(0, name.indexOf("__"))).sorted().toList();
    }
    List<String> documented = new ArrayList<>();
    Matcher item = Pattern.compile("(?m)^- (V\\d+) ").matcher(schema);
    while (item.find()) {
      documented.add(item.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(versions);
  }
}
