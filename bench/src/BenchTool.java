import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's helpers, run from the gateway jar's classpath plus HdrHistogram:
 * <pre>
 *   tokens SECRET FIRST_ID N OUT_FILE [STRIDE] one line per user: token TAB user id TAB load key;
 *                                              users FIRST_ID, FIRST_ID + STRIDE, … (STRIDE 1)
 *   load PORT USERS_FILE CONNS                 PATCH /me/profile once per user (the load key),
 *                                              then GET /me/profile once per user (cache warm)
 *   warm PORT USERS_FILE CONNS                 GET /me/profile once per user (cache warm, no write)
 *   history PORT TOKEN N                       push N history creates, 500 per push
 *   openloop PORT MODE RATE WARMUP_S SECONDS CONNS USERS_FILE
 *                                              MODE get|patch: fixed-rate (open-loop) requests;
 *                                              latency counted from each request's intended
 *                                              send time, so a stall cannot hide (no coordinated
 *                                              omission). Prints one OPENLOOP line.
 *   plot GROWTH_TSV OUT_PNG                    the growth curves (bench/growth) as a PNG
 * </pre>
 */
public final class BenchTool {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "tokens" -> tokens(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]),
          Path.of(args[4]), args.length > 5 ? Long.parseLong(args[5]) : 1);
      case "load" -> load(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "warm" -> warm(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "plot" -> GrowthPlot.write(Path.of(args[1]), Path.of(args[2]));
      case "history" -> history(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
      case "openloop" -> openloop(Integer.parseInt(args[1]), args[2], Double.parseDouble(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
          Path.of(args[7]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  // ---- tokens ----

  static void tokens(String secret, long firstId, int n, Path out, long stride) throws Exception {
    StringBuilder sb = new StringBuilder();
    long exp = Instant.now().getEpochSecond() + 6 * 3600;
    for (int i = 0; i < n; i++) {
      String user = Long.toString(firstId + i * stride);
      sb.append(hs256(new JsonObject().put("sub", user).put("aud", "foodlens").put("exp", exp),
              secret))
          .append('\t').append(user).append('\t').append(loadKey(user)).append('\n');
    }
    Files.writeString(out, sb.toString());
  }

  static UUID loadKey(String user) {
    return UUID.nameUUIDFromBytes(("load-" + user).getBytes(UTF_8));
  }

  /** The body of the load PATCH; bench/lua/replay.lua sends exactly these bytes. */
  static String loadBody(String user) {
    return "{\"fields\":{\"displayName\":\"User " + user + "\",\"locale\":\"en-GB\"}}";
  }

  static String hs256(JsonObject claims, String secret) throws Exception {
    String input = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode()
        .getBytes(UTF_8)) + "." + b64(claims.encode().getBytes(UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(UTF_8)));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  record User(String token, String id, String key) {}

  static List<User> users(Path file) throws Exception {
    List<User> users = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        String[] p = line.split("\t");
        users.add(new User(p[0], p[1], p[2]));
      }
    }
    return users;
  }

  static HttpClientAgent client(Vertx vertx, int conns) {
    return vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1"))
        .with(new PoolOptions().setHttp1MaxSize(conns))
        .build();
  }

  static Future<Integer> send(HttpClientAgent client, int port, HttpMethod method, String uri,
      String token, String key, String body) {
    RequestOptions o = new RequestOptions().setMethod(method).setPort(port).setURI(uri)
        .putHeader("Authorization", "Bearer " + token);
    if (key != null) {
      o.putHeader("Idempotency-Key", key);
    }
    if (body != null) {
      o.putHeader("Content-Type", "application/json").putHeader("X-Device-Id", "bench");
    }
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  // ---- load ----

  static void load(int port, Path file, int conns) throws Exception {
    List<User> users = users(file);
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = client(vertx, conns);
    long t0 = System.nanoTime();
    int patched = runAll(users, conns, u -> send(client, port, HttpMethod.PATCH, "/me/profile",
        u.token(), u.key(), loadBody(u.id())));
    long t1 = System.nanoTime();
    int read = runAll(users, conns, u -> send(client, port, HttpMethod.GET, "/me/profile",
        u.token(), null, null));
    long t2 = System.nanoTime();
    System.out.printf("load: %d/%d PATCH 200 in %.1f s, %d/%d GET 200 in %.1f s%n", patched,
        users.size(), (t1 - t0) / 1e9, read, users.size(), (t2 - t1) / 1e9);
    vertx.close();
    if (patched != users.size() || read != users.size()) {
      System.exit(1);
    }
  }

  static void warm(int port, Path file, int conns) throws Exception {
    List<User> users = users(file);
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = client(vertx, conns);
    long t0 = System.nanoTime();
    int read = runAll(users, conns, u -> send(client, port, HttpMethod.GET, "/me/profile",
        u.token(), null, null));
    System.out.printf("warm: %d/%d GET 200 in %.1f s%n", read, users.size(),
        (System.nanoTime() - t0) / 1e9);
    vertx.close();
    if (read != users.size()) {
      System.exit(1);
    }
  }

  /** Sends one request per user, at most {@code conns} at a time; answers how many got 200. */
  static int runAll(List<User> users, int conns,
      java.util.function.Function<User, Future<Integer>> request) throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < conns; i++) {
      Promise<Void> lane = Promise.promise();
      lanes.add(lane.future());
      step(users, next, ok, request, lane);
    }
    Future.all(lanes).toCompletionStage().toCompletableFuture().get();
    return (int) ok.get();
  }

  private static void step(List<User> users, AtomicLong next, AtomicLong ok,
      java.util.function.Function<User, Future<Integer>> request, Promise<Void> lane) {
    int i = (int) next.getAndIncrement();
    if (i >= users.size()) {
      lane.tryComplete();
      return;
    }
    attempt(users.get(i), 1, ok, request).onComplete(ar -> step(users, next, ok, request, lane));
  }

  /**
   * Set-up requests are retried (the same request; a PATCH keeps its key, so a retry replays):
   * on a machine shared with other work a pool-acquire timeout must not abort the whole bench.
   */
  private static Future<Void> attempt(User user, int n, AtomicLong ok,
      java.util.function.Function<User, Future<Integer>> request) {
    return request.apply(user).transform(ar -> {
      if (ar.succeeded() && ar.result() == 200) {
        ok.incrementAndGet();
        return Future.succeededFuture();
      }
      System.err.println("load: user " + user.id() + ", attempt " + n + ": "
          + (ar.succeeded() ? "status " + ar.result() : ar.cause()));
      return n < 3 ? attempt(user, n + 1, ok, request) : Future.succeededFuture();
    });
  }

  // ---- history ----

  static void history(int port, String token, int n) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = client(vertx, 1);
    int done = 0;
    while (done < n) {
      int batch = Math.min(500, n - done);
      String body = pushBody(batch, done);
      int status = send(client, port, HttpMethod.POST, "/me/sync/push", token, null, body)
          .toCompletionStage().toCompletableFuture().get();
      if (status != 200) {
        System.err.println("history push answered " + status);
        System.exit(1);
      }
      done += batch;
    }
    System.out.println("history: " + done + " entries pushed");
    vertx.close();
  }

  static String pushBody(int ops, int offset) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < ops; i++) {
      array.add(new JsonObject().put("opId", UUID.randomUUID().toString())
          .put("entity", "history").put("action", "create")
          .put("payload", new JsonObject().put("id", UUID.randomUUID().toString())
              .put("scannedAt", Instant.ofEpochSecond(1_790_000_000L + offset + i).toString())
              .put("barcode", "7891000100103").put("productName", "Bench biscuit " + (offset + i))
              .put("verdict", "unsafe").put("allergensDetected", new JsonArray().add("peanut"))
              .put("note", null))
          .put("clientTs", "2026-11-24T10:00:00Z"));
    }
    return new JsonObject().put("deviceId", "bench").put("ops", array).encode();
  }

  // ---- openloop ----

  static void openloop(int port, String mode, double rate, int warmupS, int seconds, int conns,
      Path file) throws Exception {
    List<User> users = users(file);
    int lanes = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    Vertx vertx = Vertx.vertx();
    List<HttpClientAgent> clients = new ArrayList<>();
    List<io.vertx.core.Context> contexts = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      // one event loop per lane, each with its own client and half the connections
      io.vertx.core.Context ctx = vertx.getOrCreateContext();
      while (contexts.contains(ctx)) {
        ctx = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
      }
      contexts.add(ctx);
      clients.add(client(vertx, Math.max(1, conns / lanes)));
    }
    org.HdrHistogram.SynchronizedHistogram histogram =
        new org.HdrHistogram.SynchronizedHistogram(60_000_000L, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong inFlight = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    // warm-up at the same rate, unrecorded; wait until it has drained; then the measured phase
    // starts a fresh schedule so the warm-up's backlog (JIT, connection set-up) is not counted
    phase(vertx, contexts, clients, users, port, mode, rate / lanes, warmupS, null, ok, errors,
        inFlight, seq);
    AtomicLong warmOk = new AtomicLong(ok.get());
    ok.set(0);
    errors.set(0);
    long measured = phase(vertx, contexts, clients, users, port, mode, rate / lanes, seconds,
        histogram, ok, errors, inFlight, seq);
    System.out.printf(java.util.Locale.ROOT,
        "OPENLOOP mode=%s target=%.0f lanes=%d warmup_ok=%d measured=%d ok=%d errors=%d"
            + " unfinished=%d achieved=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
        mode, rate, lanes, warmOk.get(), measured, ok.get(), errors.get(), inFlight.get(),
        (ok.get() + errors.get()) / (double) seconds,
        histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
    System.exit(0);
  }

  /** One fixed-rate phase on every lane; answers how many requests it scheduled. */
  private static long phase(Vertx vertx, List<io.vertx.core.Context> contexts,
      List<HttpClientAgent> clients, List<User> users, int port, String mode, double laneRate,
      int seconds, org.HdrHistogram.@org.jspecify.annotations.Nullable SynchronizedHistogram histogram,
      AtomicLong ok, AtomicLong errors, AtomicLong inFlight, AtomicLong seq) throws Exception {
    List<Future<Void>> done = new ArrayList<>();
    AtomicLong scheduled = new AtomicLong();
    for (int l = 0; l < contexts.size(); l++) {
      HttpClientAgent client = clients.get(l);
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      contexts.get(l).runOnContext(v -> {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        double interval = 1e9 / laneRate;
        long[] sent = {0};
        vertx.setPeriodic(1, id -> {
          long now = System.nanoTime();
          long due = (long) ((Math.min(now, end) - start) / interval);
          while (sent[0] < due) {
            long intended = start + (long) (sent[0]++ * interval);
            long n = seq.getAndIncrement();
            User u = users.get((int) (n % users.size()));
            Future<Integer> f = "patch".equals(mode)
                ? send(client, port, HttpMethod.PATCH, "/me/profile", u.token(),
                    UUID.randomUUID().toString(),
                    "{\"fields\":{\"displayName\":\"ol " + n + "\"}}")
                : send(client, port, HttpMethod.GET, "/me/profile", u.token(), null, null);
            inFlight.incrementAndGet();
            f.onComplete(ar -> {
              inFlight.decrementAndGet();
              if (histogram != null) {
                long micros = (System.nanoTime() - intended) / 1000;
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
              }
              if (ar.succeeded() && ar.result() == 200) {
                ok.incrementAndGet();
              } else {
                errors.incrementAndGet();
              }
            });
          }
          if (now >= end) {
            vertx.cancelTimer(id);
            scheduled.addAndGet(sent[0]);
            finished.tryComplete();
          }
        });
      });
    }
    Future.all(done).toCompletionStage().toCompletableFuture().get();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return scheduled.get();
  }
}
