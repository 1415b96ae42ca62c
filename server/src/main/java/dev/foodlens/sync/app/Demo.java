package dev.foodlens.sync.app;

import ch.qos.logback.classic.Level;
import dev.foodlens.sync.client.Allergy;
import dev.foodlens.sync.client.Backoff;
import dev.foodlens.sync.client.Conflict;
import dev.foodlens.sync.client.FoodLensSync;
import dev.foodlens.sync.client.Scan;
import dev.foodlens.sync.client.Transport;
import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgTarget;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar foodlens-sync.jar demo}: a gateway on the configured Postgres server and two
 * devices of one user going offline, editing, conflicting over an allergy, reconnecting, and a
 * reinstall, as a readable timeline that ends in a convergence check — exit 1 when the devices
 * disagree. It leaves nothing behind: its database ({@code foodlens_demo_<random>}, on the
 * server {@code pg.uri} names) is dropped and its devices' folder deleted at the end.
 */
final class Demo {
  private static final Pattern PG_URI =
      Pattern.compile("(postgres(?:ql)?://[^/?]*)(/[^?]*)?(\\?.*)?");
  private final long started = System.nanoTime();

  private Demo() {}

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Run two simulated devices through offline edits, an allergy conflict and a "
          + "reinstall against a gateway on a throwaway database; exit 0 when they converge.")
  static final class Run implements Callable<Integer> {
    @Mixin
    Main.Conf conf = new Main.Conf();

    @Override
    public Integer call() throws Exception {
      return Demo.run(ConfigFiles.effective(conf.file), System.getenv()) ? 0 : 1;
    }
  }

  static boolean run(JsonObject file, Map<String, String> environment) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.ERROR);
    Map<String, String> env = new HashMap<>(environment);
    String database = "foodlens_demo_" + UUID.randomUUID().toString().substring(0, 8);
    env.put("FOODLENS_PG_URI", withDatabase(AppConfig.load(file, env).pg().uri(), database));
    env.put("FOODLENS_HTTP_PORT", String.valueOf(freePort()));
    env.put("FOODLENS_HTTP_INSTANCES", "1");
    env.put("FOODLENS_HTTP_HOST", "127.0.0.1");
    env.put("FOODLENS_MANAGEMENT_PORT", String.valueOf(freePort()));
    AppConfig config = AppConfig.load(file, env);
    PgTarget admin = Gateway.adminTarget(config.pg());
    Gateway.Setup setup = Gateway.Setup.prepare(config);
    try {
      Migrator.migrate(admin, config.pg().roles());
    } catch (Exception e) {
      throw new IllegalStateException("the demo cannot start: no database on "
          + admin.redacted() + ": " + Main.oneLine(e), e);
    }
    Path dir = Files.createTempDirectory("foodlens-demo");
    try {
      Vertx vertx = Gateway.vertx(setup);
      Gateway gateway = Gateway.deploy(vertx, setup, Gateway.Seams.system())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try {
        DevTokens tokens = new DevTokens(JWTAuth.create(vertx, setup.keys().options()),
            config.auth());
        Demo demo = new Demo();
        demo.say("gateway up at http://127.0.0.1:" + config.http().port() + " on database "
            + database);
        return demo.play(URI.create("http://127.0.0.1:" + config.http().port()), tokens, dir);
      } finally {
        gateway.undeploy().eventually(vertx::close).toCompletionStage().toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
      }
    } finally {
      deleteTree(dir);
      Migrator.dropDatabase(admin);
    }
  }

  /** {@code uri} on the same server, naming {@code database} instead. */
  static String withDatabase(String uri, String database) {
    Matcher m = PG_URI.matcher(uri);
    if (!m.matches()) {
      throw new IllegalArgumentException("pg.uri is not a postgresql:// URI");
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
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

  private boolean play(URI base, DevTokens tokens, Path dir) throws Exception {
    String user = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    say("user " + user);
    try (Device phone = device("phone", base, tokens, dir, user);
        Device tablet = device("tablet", base, tokens, dir, user)) {
      phone.sync().patchProfile(Map.of("displayName", "Ana"));
      phone.sync().addAllergy("peanut", "severe");
      sync(phone);
      sync(tablet);
      say("tablet sees " + tablet.sync().profile() + " and " + tablet.sync().allergies());

      phone.offline().set(true);
      tablet.offline().set(true);
      say("both devices go offline");
      phone.sync().removeAllergy("peanut");
      phone.sync().patchSettings(Map.of("units", "imperial"));
      phone.sync().createScan(scan("Granola bar", "unsafe"));
      tablet.sync().addAllergy("peanut", "moderate");
      tablet.sync().patchProfile(Map.of("locale", "pt-BR"));
      tablet.sync().createScan(scan("Yogurt", "safe"));
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
        tablet.sync().resolveConflict(conflict.id(), "keep");
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
      say(String.format(
          "%-18s profile %s settings.units=%s allergies %s scans %d open conflicts %d",
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

  private static Scan scan(String product, String verdict) {
    return new Scan(UUID.randomUUID(), Instant.now(), null, product, verdict, List.of(), null);
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
