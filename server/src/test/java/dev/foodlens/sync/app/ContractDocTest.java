package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.http.Deps;
import dev.foodlens.sync.http.Keyring;
import dev.foodlens.sync.http.ProblemType;
import dev.foodlens.sync.http.Routers;
import dev.foodlens.sync.store.PgLedgerStore;
import dev.foodlens.sync.store.ReplayTally;
import dev.foodlens.sync.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the docs true: the contract doc's problem table equals {@link ProblemType}, and the
 * operations of {@code docs/openapi.yaml} equal the routes of the API and management routers.
 */
class ContractDocTest {
  private static final Pattern PROBLEM_ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z-]+)` \\|");
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):$");
  private static final Pattern OPERATION = Pattern.compile("^    (get|post|put|patch|delete):$");

  @Test
  void problemTable_inContractDoc_equalsProblemType() throws Exception {
    String doc = Files.readString(Path.of("docs/contracts/api-contracts.md"));
    String table = doc.substring(doc.indexOf("### Problem types"));
    table = table.substring(0, table.indexOf("\n## "));
    Set<String> documented = new TreeSet<>();
    for (String line : table.split("\n")) {
      Matcher m = PROBLEM_ROW.matcher(line);
      if (m.find()) {
        documented.add(m.group(1) + " " + m.group(2));
      }
    }
    Set<String> coded = Arrays.stream(ProblemType.values())
        .map(t -> t.status() + " " + t.slug()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).isEqualTo(coded);
  }

  @Test
  void openApiOperations_equalTheRoutersRoutes() throws Exception {
    Set<String> documented = new TreeSet<>();
    String path = null;
    for (String line : Files.readAllLines(Path.of("docs/openapi.yaml"))) {
      Matcher p = PATH.matcher(line);
      Matcher o = OPERATION.matcher(line);
      if (p.matches()) {
        path = p.group(1);
      } else if (o.matches() && path != null) {
        documented.add(o.group(1).toUpperCase() + " " + path);
      } else if (!line.startsWith(" ") && !line.isEmpty()) {
        path = null;
      }
    }
    assertThat(documented).isEqualTo(routes());
  }

  /** Every authenticated request spends the user's budget (Admission), so each may get 429. */
  @Test
  void openApi_everyAuthenticatedOperation_documents429() throws Exception {
    Set<String> without = new TreeSet<>();
    String path = null;
    String operation = null;
    for (String line : Files.readAllLines(Path.of("docs/openapi.yaml"))) {
      Matcher p = PATH.matcher(line);
      Matcher o = OPERATION.matcher(line);
      if (p.matches()) {
        path = p.group(1);
      } else if (o.matches() && path != null
          && (path.startsWith("/me/") || path.startsWith("/admin/"))) {
        operation = o.group(1).toUpperCase() + " " + path;
        without.add(operation);
      } else if (operation != null && (line.startsWith("        '429':")
          || line.equals("      security: []"))) {
        // documented, or not authenticated at all (the console's static files)
        without.remove(operation);
      } else if (!line.startsWith(" ") && !line.isEmpty()) {
        path = null;
      }
    }
    assertThat(without).isEmpty();
  }

  private static Set<String> routes() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Gateway.Setup setup = Gateway.Setup.prepare(
          TestGateway.onUri("postgresql://postgres@127.0.0.1:1/unused").config());
      Pool pool = Gateway.pool(vertx, setup.config().pg(),
          Gateway.locator(vertx, setup.config().pg()), "foodlens", Gateway.BACKGROUND_POOL, 1);
      Set<String> routes = new TreeSet<>();
      Deps deps = Gateway.deps(vertx, setup, Gateway.Seams.system(),
          Keyring.fixed(setup.keys().verifier(vertx, setup.config().auth())), pool,
          Gateway.scope(pool, setup.config().pg()),
          new PgLedgerStore(setup.config().idempotency().retention()),
          ResourceCache.Announcer.NONE,
          new ReplayTally(Gateway.scope(pool, setup.config().pg()), Duration.ofSeconds(1)));
      List<Route> all = new ArrayList<>(Routers.router(vertx, deps).getRoutes());
      all.addAll(Routers.management(vertx, deps).getRoutes());
      for (Route route : all) {
        if (route.getPath() != null && route.methods() != null) {
          for (HttpMethod method : route.methods()) {
            routes.add(method.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"));
          }
        }
      }
      return routes;
    } finally {
      vertx.close().await();
    }
  }
}
