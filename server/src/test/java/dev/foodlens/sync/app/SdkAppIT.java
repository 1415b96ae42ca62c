package dev.foodlens.sync.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's acceptance for the SDK artifact: a tiny app compiles and runs on the client jar and
 * the runtime dependencies Maven resolves for it (client/target/runtime-classpath.txt, written
 * at package), nothing else, and syncs with a real gateway. Runs after package (failsafe).
 */
class SdkAppIT {
  static final Path APP = Path.of("server/src/test/resources/sdk-app/TinyApp.java");

  @TempDir
  Path work;

  @Test
  void tinyApp_onTheClientArtifactAlone_syncsWithAGateway() throws Exception {
    String classpath = String.join(File.pathSeparator, clientClasspath());
    assertThat(classpath).as("the SDK's own classpath").doesNotContain("vertx", "netty",
        "postgresql", "flyway", "micrometer", "logback", "foodlens-sync-server");
    Path classes = work.resolve("classes");
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", classpath, APP.toString())).as("javac").isZero();
    String token = TestTokens.user("tiny-user");
    try (TestDatabase db = TestDatabase.create(SdkAppIT.class);
        TestGateway gw = TestGateway.on(db).start()) {
      MainProcessTest.Run app = MainProcessTest.launch(
          List.of("-cp", classpath + File.pathSeparator + classes, "TinyApp"), work, Map.of(),
          "http://127.0.0.1:" + gw.port(), token, work.resolve("tiny.db").toString());
      assertThat(app.waitFor()).isTrue();
      String out = new String(app.process().getInputStream().readAllBytes(), UTF_8);
      assertThat(app.exitValue()).as(out + app.err()).isZero();
      assertThat(out).contains("queue 0 profile {displayName=Tiny}");
      assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
          .getString("displayName")).isEqualTo("Tiny");
    }
  }

  private static List<String> clientClasspath() throws Exception {
    List<String> entries = new ArrayList<>();
    try (Stream<Path> jars = Files.list(Path.of("client/target"))) {
      jars.map(Path::toString)
          .filter(p -> p.endsWith(".jar") && !p.endsWith("-tests.jar"))
          .map(p -> Path.of(p).toAbsolutePath().toString()).forEach(entries::add);
    }
    assertThat(entries).as("the client jar, from package").hasSize(1);
    String resolved = Files.readString(Path.of("client/target/runtime-classpath.txt")).strip();
    entries.addAll(List.of(resolved.split(File.pathSeparator)));
    return entries;
  }
}
