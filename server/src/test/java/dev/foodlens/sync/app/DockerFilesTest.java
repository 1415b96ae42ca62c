package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker/ is kept honest by reading it: the YAML parses, the
 * images are built here or pinned, and every host name and port agrees with the services and
 * with the gateway's own configuration.
 */
@SuppressWarnings("unchecked")
class DockerFilesTest {
  private static final Path DOCKER = Path.of("docker");
  private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+:[A-Za-z0-9._-]+");

  private static Map<String, Object> yaml(String file) throws Exception {
    return new Yaml().load(Files.readString(DOCKER.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
      current = ((Map<String, Object>) current).get(key);
      assertThat(current).as(key).isNotNull();
    }
    return (T) current;
  }

  private static Map<String, Object> services() throws Exception {
    return at(yaml("compose.yml"), "services");
  }

  /** Services built from this repository (they have a {@code build} section). */
  private static Set<String> gateways() throws Exception {
    Set<String> built = new TreeSet<>();
    services().forEach((name, service) -> {
      if (((Map<?, ?>) service).containsKey("build")) {
        built.add(name);
      }
    });
    return built;
  }

  private static int configuredPort() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/gateway.json")))
        .getJsonObject("http").getInteger("port");
  }

  private static int managementPort() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/gateway.json")))
        .getJsonObject("management").getInteger("port");
  }

  private static String dockerfile() throws Exception {
    return Files.readString(DOCKER.resolve("Dockerfile"));
  }

  @Test
  void compose_namesOnlyImagesItBuildsOrPins() throws Exception {
    Map<String, Object> services = services();
    assertThat(services).containsKeys("postgres", "lb", "prometheus", "grafana");
    for (Map.Entry<String, Object> service : services.entrySet()) {
      Map<String, Object> s = (Map<String, Object>) service.getValue();
      if (s.containsKey("build")) {
        String dockerfile = at(s, "build", "dockerfile");
        String context = at(s, "build", "context");
        assertThat(DOCKER.resolve(context).resolve(dockerfile)).exists();
        assertThat((String) at(s, "image")).isEqualTo("foodlens-sync:local");
      } else {
        String image = at(s, "image");
        assertThat(image).as(service.getKey()).matches(PINNED).doesNotEndWith(":latest");
      }
    }
    assertThat((String) at(services, "postgres", "image")).isEqualTo("postgres:15");
    assertThat(gateways()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void compose_gatewayPortAgreesWithConfigAndDockerfile() throws Exception {
    int port = configuredPort();
    assertThat(dockerfile()).contains("EXPOSE " + port, "FOODLENS_HTTP_PORT=" + port,
        "FROM eclipse-temurin:17-jre", "USER foodlens", "HEALTHCHECK", "/readyz",
        "COPY target/foodlens-sync.jar", "FOODLENS_MANAGEMENT_PORT=" + managementPort(),
        "EXPOSE " + port + " " + managementPort(),
        "http://127.0.0.1:${FOODLENS_MANAGEMENT_PORT}/readyz");
    for (String gateway : gateways()) {
      Map<String, Object> s = at(services(), gateway);
      assertThat((String) at(s, "environment", "FOODLENS_HTTP_PORT"))
          .isEqualTo(String.valueOf(port));
      assertThat((List<Object>) at(s, "expose"))
          .containsExactly(String.valueOf(port), String.valueOf(managementPort()));
      assertThat((String) at(s, "environment", "FOODLENS_MANAGEMENT_PORT"))
          .isEqualTo(String.valueOf(managementPort()));
      assertThat((String) at(s, "environment", "FOODLENS_PG_URI"))
          .startsWith("postgresql://postgres@postgres:5432/");
    }
  }

  @Test
  void compose_mountsOnlyFilesThatExist() throws Exception {
    for (Object service : services().values()) {
      for (Object volume : (List<Object>) ((Map<String, Object>) service)
          .getOrDefault("volumes", List.of())) {
        String source = volume.toString().split(":")[0];
        if (source.startsWith(".")) {
          assertThat(DOCKER.resolve(source)).as(volume.toString()).exists();
        }
      }
    }
  }

  @Test
  void nginx_balancesEveryGatewayOnItsPort_andHidesMetrics() throws Exception {
    String nginx = Files.readString(DOCKER.resolve("nginx.conf"));
    Set<String> upstreams = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+:\\d+)").matcher(nginx);
    while (m.find()) {
      upstreams.add(m.group(1));
    }
    assertThat(upstreams).isEqualTo(targets(gateways(), configuredPort()));
    assertThat(nginx).containsPattern("listen\\s+" + configuredPort() + ";");
    assertThat(nginx).doesNotContain(":" + managementPort());
  }

  /**
   * The load balancer's intent, checked the way nginx picks a location: every spelling of
   * /metrics that nginx normalises to it is refused, the API is proxied.
   */
  @Test
  void nginx_refusesEverySpellingOfMetrics_andProxiesTheApi() throws Exception {
    NginxLocations nginx = new NginxLocations(Files.readString(DOCKER.resolve("nginx.conf")));
    for (String uri : List.of("/metrics", "/metrics/", "/metrics/.", "/metrics/./",
        "//metrics", "/me/../metrics", "/%6detrics", "/metrics%2F", "/metrics?x=1",
        "/./metrics", "/metrics/..;/x")) {
      assertThat(nginx.select(uri)).as(uri).contains("return 404");
    }
    for (String uri : List.of("/me/profile", "/healthz", "/readyz", "/admin/toggles")) {
      assertThat(nginx.select(uri)).as(uri).contains("proxy_pass http://gateways");
    }
  }

  @Test
  void prometheus_parsesAndScrapesEveryGatewayOnItsPort() throws Exception {
    List<Map<String, Object>> jobs = at(yaml("prometheus.yml"), "scrape_configs");
    assertThat(jobs).hasSize(1);
    assertThat((String) at(jobs.get(0), "metrics_path")).isEqualTo("/metrics");
    List<Map<String, Object>> statics = at(jobs.get(0), "static_configs");
    List<String> targets = new ArrayList<>();
    statics.forEach(s -> targets.addAll(at(s, "targets")));
    assertThat(new TreeSet<>(targets)).isEqualTo(targets(gateways(), managementPort()));
    assertThat(targets).doesNotHaveDuplicates();
  }

  @Test
  void grafana_provisionsThePrometheusServiceAndTheDashboardFolder() throws Exception {
    List<Map<String, Object>> sources =
        at(yaml("grafana/provisioning/datasources/prometheus.yml"), "datasources");
    assertThat((String) at(sources.get(0), "url")).isEqualTo("http://prometheus:9090");
    assertThat((List<Object>) at(services(), "prometheus", "ports")).contains("9090:9090");
    List<Map<String, Object>> providers =
        at(yaml("grafana/provisioning/dashboards/foodlens.yml"), "providers");
    String path = at(providers.get(0), "options", "path");
    assertThat((List<Object>) at(services(), "grafana", "volumes"))
        .contains("./grafana/dashboards:" + path + ":ro");
    JsonObject dashboard = new JsonObject(
        Files.readString(DOCKER.resolve("grafana/dashboards/foodlens.json")));
    String uid = at(sources.get(0), "uid");
    for (Object panel : dashboard.getJsonArray("panels")) {
      assertThat(((JsonObject) panel).getJsonObject("datasource").getString("uid"))
          .isEqualTo(uid);
    }
  }

  private static Set<String> targets(Set<String> gateways, int port) {
    Set<String> targets = new TreeSet<>();
    for (String gateway : gateways) {
      targets.add(gateway + ":" + port);
    }
    return targets;
  }
}
