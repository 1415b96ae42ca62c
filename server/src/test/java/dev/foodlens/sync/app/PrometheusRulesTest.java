package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped alerts exist and work: Prometheus' own {@code promtool} checks the rule file and
 * runs its unit tests (every alert firing and not firing), each alert is tested both ways, the
 * compose stack's Prometheus loads the file, and each alert has its runbook entry.
 */
class PrometheusRulesTest {
  private static final Path DIR = Path.of("docker/prometheus");

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> alerts() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(DIR.resolve("alerts.yml")));
    List<String> names = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        names.add((String) rule.get("alert"));
      }
    }
    return names;
  }

  @Test
  void promtool_checksTheRules_andRunsTheirTests() throws Exception {
    assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
    assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlert_isTestedFiringAndNotFiring() throws Exception {
    Map<String, Object> tests = new Yaml().load(Files.readString(DIR.resolve("alerts-test.yml")));
    List<String> firing = new ArrayList<>();
    List<String> quiet = new ArrayList<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
      for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        List<Object> expected = (List<Object>) check.get("exp_alerts");
        (expected.isEmpty() ? quiet : firing).add((String) check.get("alertname"));
      }
    }
    assertThat(firing).containsAll(alerts());
    assertThat(quiet).containsAll(alerts());
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusLoadsTheRules_andComposeMountsThem() throws Exception {
    Map<String, Object> config =
        new Yaml().load(Files.readString(Path.of("docker/prometheus.yml")));
    assertThat((List<String>) config.get("rule_files")).containsExactly("alerts.yml");
    assertThat(Files.readString(Path.of("docker/compose.yml")))
        .contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  @Test
  void everyAlert_hasItsRunbookEntry() throws Exception {
    String runbook = Files.readString(Path.of("docs/runbook.md"));
    for (String alert : alerts()) {
      assertThat(runbook).as(alert).contains("#### " + alert + "\n");
      assertThat(Files.readString(DIR.resolve("alerts.yml")))
          .contains("docs/runbook.md#" + alert.toLowerCase(Locale.ROOT));
    }
  }
}
