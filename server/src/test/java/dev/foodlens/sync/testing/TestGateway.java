package dev.foodlens.sync.testing;

import dev.foodlens.sync.app.AppConfig;
import dev.foodlens.sync.app.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real gateway, wired exactly as {@code Main} wires it, on its own Vert.x instance and a free
 * port, configured from {@code conf/gateway.json} plus environment-style overrides. Tests talk
 * to it over HTTP with blocking helpers (tests run off the event loop).
 */
public final class TestGateway implements AutoCloseable {
  private final Vertx vertx;
  private final Gateway gateway;
  private final WebClient client;
  private final WebClient management;
  private final int port;
  private final int managementPort;

  private TestGateway(Vertx vertx, Gateway gateway, int port, int managementPort) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.port = port;
    this.managementPort = managementPort;
    this.client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(64));
    this.management = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(managementPort));
  }

  public static Builder on(TestDatabase db) {
    return new Builder(db.uri());
  }

  public static Builder onUri(String pgUri) {
    return new Builder(pgUri);
  }

  /** Collects overrides the way an operator would set them: FOODLENS_* variables. */
  public static final class Builder {
    private final Map<String, String> env = new HashMap<>();
    private Gateway.Seams seams = Gateway.Seams.system();
    private VertxOptions vertxOptions = new VertxOptions();
    private io.opentelemetry.api.@org.jspecify.annotations.Nullable OpenTelemetry tracing;

    private Builder(String pgUri) {
      env.put("FOODLENS_PG_URI", pgUri);
      env.put("FOODLENS_HTTP_HOST", "127.0.0.1");
      env.put("FOODLENS_HTTP_INSTANCES", "2");
      env.put("FOODLENS_AUTH_HMAC_SECRET", TestTokens.SECRET);
      env.put("FOODLENS_AUTH_DEV_SECRET_FILE", "");
      env.put("FOODLENS_PG_POOL_SIZE", "8");
      // Tests drive one user hard; AdmissionTest sets the limits it exercises.
      env.put("FOODLENS_LIMITS_USER_RATE", "1000000");
      env.put("FOODLENS_LIMITS_USER_BURST", "1000000");
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder seams(Gateway.Seams seams) {
      this.seams = seams;
      return this;
    }

    /** Traces through {@code sdk} (a test's in-memory exporter). */
    public Builder tracing(io.opentelemetry.api.OpenTelemetry sdk) {
      this.tracing = sdk;
      return this;
    }

    public Builder vertxOptions(VertxOptions options) {
      this.vertxOptions = options;
      return this;
    }

    public AppConfig config() {
      try {
        return AppConfig.load(new JsonObject(Files.readString(Path.of("conf/gateway.json"))),
            env);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    public TestGateway start() {
      int port = freePort();
      int managementPort = freePort();
      env.put("FOODLENS_HTTP_PORT", String.valueOf(port));
      env.put("FOODLENS_MANAGEMENT_PORT", String.valueOf(managementPort));
      Gateway.Setup setup;
      try {
        setup = Gateway.Setup.prepare(config());
      } catch (IOException e) {
        throw new IllegalStateException("gateway did not start", e);
      }
      Vertx vertx = Gateway.vertx(setup, vertxOptions, tracing);
      try {
        Gateway gateway = Gateway.deploy(vertx, setup, seams).await();
        return new TestGateway(vertx, gateway, port, managementPort);
      } catch (Exception e) {
        vertx.close();
        throw new IllegalStateException("gateway did not start", e);
      }
    }
  }

  public int port() {
    return port;
  }

  /** The management listener (contract §7): {@code /metrics} and the probes. */
  public int managementPort() {
    return managementPort;
  }

  /** A GET on the management listener. */
  public HttpResponse<Buffer> manage(String path) {
    return management.get(path).send().await();
  }

  /** The sum of the series {@code name} with {@code labels} in {@code /metrics} now. */
  public double metric(String name, Map<String, String> labels) {
    return new Exposition(manage("/metrics").bodyAsString()).sum(name, labels);
  }

  /**
   * The sum of the series {@code name} with {@code labels} in {@code /metrics}, read again (up
   * to 100 times) until it equals {@code expected}: a response's meters are recorded once the
   * server has finished it, a moment after the client has it. The caller asserts the value.
   */
  public double metricReaching(String name, Map<String, String> labels, double expected) {
    double value = Double.NaN;
    for (int i = 0; i < 100; i++) {
      value = metric(name, labels);
      if (value == expected) {
        return value;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return value;
      }
    }
    return value;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The wired gateway, for the counters tests read. */
  public Gateway gateway() {
    return gateway;
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return request(HttpMethod.GET, path).bearerTokenAuthentication(token).send().await();
  }

  /** A JSON write with an Idempotency-Key. */
  public HttpResponse<Buffer> write(HttpMethod method, String path, String token, UUID key,
      String json) {
    return writeRequest(method, path, token, key).sendBuffer(Buffer.buffer(json)).await();
  }

  public HttpRequest<Buffer> writeRequest(HttpMethod method, String path, String token,
      UUID key) {
    return request(method, path).bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", key.toString())
        .putHeader("Content-Type", "application/json");
  }

  public HttpResponse<Buffer> patch(String path, String token, String json) {
    return write(HttpMethod.PATCH, path, token, UUID.randomUUID(), json);
  }

  @Override
  public void close() {
    gateway.undeploy().eventually(vertx::close).await();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
