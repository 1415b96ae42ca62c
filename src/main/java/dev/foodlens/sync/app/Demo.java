package dev.foodlens.sync.app;

import ch.qos.logback.classic.Level;
import dev.foodlens.sync.client.Allergy;
import dev.foodlens.sync.client.Backoff;
import dev.foodlens.sync.client.Conflict;
import dev.foodlens.sync.client.Decision;
import dev.foodlens.sync.client.FoodLensSync;
import dev.foodlens.sync.client.Scan;
import dev.foodlens.sync.client.Severity;
import dev.foodlens.sync.client.Transport;
import dev.foodlens.sync.client.Verdict;
import dev.foodlens.sync.store.Migrator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar foodlens-sync.jar demo}: a gateway on the local Postgres and two devices of
 * one user going offline, editing, conflicting over an allergy, reconnecting, and a reinstall,
 * as a readable timeline that ends in a convergence check — exit 1 when the devices disagree.
 */
final class Demo {
  private final long started = System.nanoTime();

  private Demo() {}

  static boolean run(AppConfig file) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.ERROR);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FOODLENS_HTTP_PORT", String.valueOf(freePort()));
    env.put("FOODLENS_HTTP_INSTANCES", "1");
    env.put("FOODLENS_HTTP_HOST", "127.0.0.1");
    env.put("FOODLENS_MANAGEMENT_PORT", String.valueOf(freePort()));
    AppConfig config = AppConfig.load(new JsonObject(Files.readString(Path.of("conf/gateway.json"))),
        env);
    Gateway.Setup setup = Gateway.Setup.prepare(config);
    Migrator.migrate(Gateway.adminTarget(config.pg()), config.pg().roles());
    Vertx vertx = Gateway.vertx(setup);
    Gateway gateway = Gateway.deploy(vertx, setup, Gateway.Seams.system())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      DevTokens tokens = new DevTokens(JWTAuth.create(vertx, setup.keys().options()),
          config.auth());
      return new Demo().play(URI.create("http://127.0.0.1:" + config.http().port()), tokens);
    } finally {
      gateway.undeploy().eventually(vertx::close).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** One device: its own store and its own airplane switch. */
  private record Device(String name, FoodLensSync sync, AtomicBoolean offline)
      implements AutoCloseable {
    @Override
    public void close() {
      sync.close();
    }
  }

  private boolean play(URI base, DevTokens tokens) throws Exception {
    String user = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createTempDirectory("foodlens-demo");
    say("gateway up at " + base + "; user " + user);
    try (Device phone = device("phone", base, tokens, dir, user);
        Device tablet = device("tablet", base, tokens, dir, user)) {
      phone.sync().patchProfile(Map.of("displayName", "Ana"));
      phone.sync().addAllergy("peanut", Severity.SEVERE);
      sync(phone);
      sync(tablet);
      say("tablet sees " + tablet.sync().profile() + " and " + tablet.sync().allergies());

      phone.offline().set(true);
      tablet.offline().set(true);
      say("both devices go offline");
      phone.sync().removeAllergy("peanut");
      phone.sync().patchSettings(Map.of("units", "imperial"));
      phone.sync().createScan(scan("Granola bar", Verdict.UNSAFE));
      tablet.sync().addAllergy("peanut", Severity.MODERATE);
      tablet.sync().patchProfile(Map.of("locale", "pt-BR"));
      tablet.sync().createScan(scan("Yogurt", Verdict.SAFE));
      say("offline: phone removes peanut, sets imperial units, scans a granola bar");
      say("offline: tablet adds peanut again, sets locale pt-BR, scans a yogurt");
      say("phone queue " + phone.sync().status().queueDepth() + " ops, tablet queue "
          + tablet.sync().status().queueDepth() + " ops");

      phone.offline().set(false);
      tablet.offline().set(false);
      say("both reconnect");
      sync(phone);
      sync(tablet);
      sync(phone);
      Conflict conflict = tablet.sync().conflicts().stream().filter(Conflict::open).findFirst()
          .orElse(null);
      say("open conflict on tablet: " + (conflict == null ? "none" : conflict.allergen() + " "
          + conflict.id()) + "; peanut on phone: " + allergy(phone, "peanut"));
      if (conflict != null) {
        tablet.sync().resolveConflict(conflict.id(), Decision.KEEP);
        say("the user keeps peanut on the tablet");
      }
      sync(tablet);
      sync(phone);

      say("the phone is reinstalled: empty store, sign in, bootstrap");
      try (Device fresh = device("phone-reinstalled", base, tokens, dir, user)) {
        sync(fresh);
        return converged(phone, tablet, fresh);
      }
    }
  }

  private boolean converged(Device... devices) {
    boolean same = true;
    for (Device d : devices) {
      say(String.format("%-18s profile %s settings.units=%s allergies %s scans %d open conflicts %d",
          d.name(), d.sync().profile(), d.sync().settings().get("units"), d.sync().allergies(),
          d.sync().history().size(),
          d.sync().conflicts().stream().filter(Conflict::open).count()));
      same &= state(d).equals(state(devices[0]));
    }
    say(same ? "CONVERGED: every device shows the same state" : "DIVERGED: the devices disagree");
    return same;
  }

  private static List<Object> state(Device d) {
    return List.of(d.sync().profile(), Objects.toString(d.sync().settings().get("units")),
        d.sync().allergies(), d.sync().history().stream().map(Scan::id).sorted().toList(),
        d.sync().conflicts().stream().filter(Conflict::open).count());
  }

  private static String allergy(Device d, String allergen) {
    return d.sync().allergies().stream().filter(a -> a.allergen().equals(allergen))
        .map(Allergy::toString).findFirst().orElse("absent");
  }

  private Device device(String name, URI base, DevTokens tokens, Path dir, String user) {
    AtomicBoolean offline = new AtomicBoolean();
    Transport http = Transport.http(Duration.ofSeconds(10));
    FoodLensSync sync = FoodLensSync.builder().baseUri(base).deviceId(name)
        .storePath(dir.resolve(name + ".db")).autoSync(false)
        .backoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(50), 10))
        .tokens(sub -> tokens.mint(sub, false, Duration.ofHours(1)))
        .transport(request -> {
          if (offline.get()) {
            throw new ConnectException("offline (demo)");
          }
          return http.send(request);
        })
        .build();
    sync.signIn(user);
    return new Device(name, sync, offline);
  }

  private void sync(Device device) throws Exception {
    var status = device.sync().syncNow().get(60, TimeUnit.SECONDS);
    say(device.name() + " syncs: queue " + status.queueDepth()
        + (status.lastError() == null ? "" : ", last error " + status.lastError()));
  }

  private static Scan scan(String product, Verdict verdict) {
    return Scan.builder().productName(product).verdict(verdict).build();
  }

  private void say(String line) {
    System.out.printf("[%6.2fs] %s%n", (System.nanoTime() - started) / 1e9, line);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
