package dev.foodlens.sync.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.MainProcessTest.Run;
import dev.foodlens.sync.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served jar as an operator meets it (issue 14): {@code java -jar .../foodlens-sync.jar}
 * from an empty directory, nothing of the repository beside it. Runs after {@code package}
 * (failsafe), on the jar {@code mvn package} leaves in target/.
 */
class JarIT {
  static final List<String> JAR =
      List.of("-jar", Path.of("target/foodlens-sync.jar").toAbsolutePath().toString());

  @TempDir
  Path empty;

  @Test
  void help_listsEveryCommand() throws Exception {
    Run p = MainProcessTest.launch(JAR, empty, Map.of(), "--help");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(stdout(p)).startsWith("Usage: foodlens-sync")
        .contains("serve", "token", "report", "verify", "demo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "token", "report", "verify", "demo"})
  void commandHelp_printsItsUsage(String command) throws Exception {
    Run p = MainProcessTest.launch(JAR, empty, Map.of(), command, "--help");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(stdout(p)).startsWith("Usage: foodlens-sync " + command).contains("--conf");
  }

  @Test
  void badOption_exitsTwoWithOneLine() throws Exception {
    Run p = MainProcessTest.launch(JAR, empty, Map.of(), "serve", "--no-such-option");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(p.err().lines()).containsExactly(
        "foodlens-sync serve: Unknown option: '--no-such-option' (see --help)");
    assertThat(stdout(p)).isEmpty();
  }

  @Test
  void serve_fromAnEmptyDirectory_startsOnTheBuiltInDefaults() throws Exception {
    try (TestDatabase db = TestDatabase.create(JarIT.class)) {
      int management = MainProcessTest.freePort();
      Run p = MainProcessTest.launch(JAR, empty, Map.of("FOODLENS_PG_URI", db.uri(),
          "FOODLENS_HTTP_PORT", String.valueOf(MainProcessTest.freePort()),
          "FOODLENS_MANAGEMENT_PORT", String.valueOf(management)), "serve");
      MainProcessTest.awaitReady(management);
      p.process().destroy();
      assertThat(p.waitFor()).isTrue();
      assertThat(p.exitValue()).as(p.err()).isZero();
      try (var files = Files.list(empty)) {
        assertThat(files).as("no configuration beside it, none written").isEmpty();
      }
    }
  }

  private static String stdout(Run p) throws Exception {
    return new String(p.process().getInputStream().readAllBytes(), UTF_8);
  }
}
