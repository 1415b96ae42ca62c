package dev.foodlens.sync.app;

import ch.qos.logback.classic.Level;
import dev.foodlens.sync.client.Allergy;
import dev.foodlens.sync.client.Backoff;
import dev.foodlens.sync.client.Conflict;
import dev.foodlens.sync.client.Decision;
import dev.foodlens.sync.client.FoodLensSync;
import dev.foodlens.sync.client.LiveValue;
import dev.foodlens.sync.client.Scan;
import dev.foodlens.sync.client.Severity;
import dev.foodlens.sync.client.Transport;
import dev.foodlens.sync.client.Verdict;
import dev.foodlens.sync.client.Write;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar foodlens-sync.jar demo}: a gateway on the configured Postgres server and two
 * devices of one user going offline, editing, conflicting over an allergy, reconnecting, and a
 * reinstall, as a readable timeline that ends in a convergence check — exit 1 when the devices
 * disagree. It leaves nothing behind: its database ({@code foodlens_demo_<random>}, on the
 * server {@code pg.uri} names) is dropped and its devices' folder deleted at the end.
 * The timeline is the SDK's observers: each device prints what its observers are handed, and
 * each step waits for the change it expects to be delivered, never polling the reads.
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

  /**
   * One device: its own store, its own airplane switch, and its screen: observers that print
   * each change they are handed (on the device's own "ui" thread) and that the timeline waits on.
   */
  private record Device(String name, FoodLensSync sync, AtomicBoolean offline,
      ExecutorService ui, Watch<List<Allergy>> allergies, Watch<List<Conflict>> conflicts,
      CompletableFuture<Conflict> opened) implements AutoCloseable {
    @Override
    public void close() {
      sync.close();
      ui.shutdown();
    }
  }

  /** The last value an observer was handed; the timeline waits here for the one it expects. */
  private final class Watch<T> implements Consumer<LiveValue<T>> {
    private final String label;
    private final Function<T, String> render;
    private @Nullable LiveValue<T> latest;

    Watch(String label, Function<T, String> render) {
      this.label = label;
      this.render = render;
    }

    @Override
    public synchronized void accept(LiveValue<T> value) {
      latest = value;
      say(label + " " + render.apply(value.value())
          + (value.pendingWrites() ? "  (pending writes)" : ""));
      notifyAll();
    }

    synchronized LiveValue<T> await(Predicate<LiveValue<T>> expected) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (latest == null || !expected.test(latest)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException(label + ": the expected change never came; last "
              + latest);
        }
        wait(left);
      }
      return latest;
    }
  }

  private static boolean has(LiveValue<List<Allergy>> v, String allergen) {
    return v.value().stream().anyMatch(a -> a.allergen().equals(allergen));
  }

  private boolean play(URI base, DevTokens tokens, Path dir) throws Exception {
    String user = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    say("user " + user);
    try (Device phone = device("phone", base, tokens, dir, user);
        Device tablet = device("tablet", base, tokens, dir, user)) {
      phone.sync().patchProfile(Map.of("displayName", "Ana"));
      phone.sync().addAllergy("peanut", Severity.SEVERE);
      phone.allergies().await(v -> has(v, "peanut") && v.pendingWrites());
      sync(phone);
      phone.allergies().await(v -> has(v, "peanut") && !v.pendingWrites());
      sync(tablet);
      tablet.allergies().await(v -> has(v, "peanut"));
      say("tablet shows " + tablet.sync().profileView());

      phone.offline().set(true);
      tablet.offline().set(true);
      say("both devices go offline");
      phone.sync().removeAllergy("peanut");
      phone.sync().patchSettings(Map.of("units", "imperial"));
      phone.sync().createScan(scan("Granola bar", Verdict.UNSAFE));
      tablet.sync().addAllergy("peanut", Severity.MODERATE);
      tablet.sync().patchProfile(Map.of("locale", "pt-BR"));
      tablet.sync().createScan(scan("Yogurt", Verdict.SAFE));
      phone.allergies().await(v -> !has(v, "peanut") && v.pendingWrites());
      tablet.allergies().await(v -> has(v, "peanut") && v.pendingWrites());
      say("offline: phone removed peanut, set imperial units, scanned a granola bar");
      say("offline: tablet added peanut again, set locale pt-BR, scanned a yogurt");
      say("phone queue " + phone.sync().status().queueDepth() + " ops, tablet queue "
          + tablet.sync().status().queueDepth() + " ops");

      phone.offline().set(false);
      tablet.offline().set(false);
      say("both reconnect");
      sync(phone);
      sync(tablet);
      sync(phone);
      Conflict conflict = tablet.opened().get(60, TimeUnit.SECONDS);
      say("open conflict on tablet: " + conflict.allergen() + ", an event with both sides: removed"
          + " on " + conflict.remove().deviceId() + " (op " + conflict.remove().opId()
          + "), added on " + conflict.add().deviceId() + " (op " + conflict.add().opId() + ")");
      Write keep = tablet.sync().async().resolveConflict(conflict.id(), Decision.KEEP);
      keep.committed().get(60, TimeUnit.SECONDS);
      say("the user keeps peanut on the tablet");
      sync(tablet);
      say("the server confirms the decision: " + keep.confirmed().get(60, TimeUnit.SECONDS)
          .serverStatus());
      tablet.conflicts().await(v -> !v.pendingWrites()
          && v.value().stream().noneMatch(Conflict::open));
      sync(phone);
      phone.allergies().await(v -> has(v, "peanut") && !v.pendingWrites());

      say("the phone is reinstalled: empty store, sign in, bootstrap");
      try (Device fresh = device("phone-reinstalled", base, tokens, dir, user)) {
        sync(fresh);
        fresh.allergies().await(v -> has(v, "peanut"));
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
    ExecutorService ui = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-ui");
      t.setDaemon(true);
      return t;
    });
    String label = String.format("%-18s", name);
    Watch<List<Allergy>> allergies = new Watch<>(label + "allergies", list -> list.stream()
        .map(a -> a.allergen() + (a.severity() == null ? "" : " " + a.severity())
            + (a.pendingConfirmation() ? " (to confirm)" : "")).toList().toString());
    Watch<List<Conflict>> conflicts = new Watch<>(label + "conflicts", list -> list.stream()
        .map(c -> c.allergen() + " " + c.state() + (c.decision() == null ? ""
            : " " + c.decision())).toList().toString());
    CompletableFuture<Conflict> opened = new CompletableFuture<>();
    sync.observeAllergies(ui, allergies);
    sync.observeConflicts(ui, conflicts);
    sync.onConflictOpened(ui, opened::complete);
    return new Device(name, sync, offline, ui, allergies, conflicts, opened);
  }

  private void sync(Device device) throws Exception {
    var status = device.sync().syncNow().get(60, TimeUnit.SECONDS);
    say(device.name() + " syncs: queue " + status.queueDepth()
        + (status.lastError() == null ? "" : ", last error " + status.lastError()));
  }

  private static Scan scan(String product, Verdict verdict) {
    return Scan.builder().productName(product).verdict(verdict).build();
  }

  private synchronized void say(String line) {
    System.out.printf("[%6.2fs] %s%n", (System.nanoTime() - started) / 1e9, line);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
