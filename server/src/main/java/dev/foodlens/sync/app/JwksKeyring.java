package dev.foodlens.sync.app;

import dev.foodlens.sync.http.Keyring;
import dev.foodlens.sync.ops.JwksMeters;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's keys ({@code auth.jwksUrl}) beside the configured ones. Fetched once
 * before the gateway serves ({@link #start} fails if that fetch does), then every {@code
 * auth.jwksRefresh}, and when a token names a {@code kid} not held: at most one such fetch per
 * {@code auth.jwksMinInterval}, counted from the last fetch of any kind, and concurrent askers
 * share the one in flight. A fetch that fails, or finds no usable key, keeps the last good set;
 * a good one replaces the URL's keys as a whole, in one new {@link Keyring.Verifier}.
 * Thread-safe: every API event loop asks it, the timer runs on an event loop of its own.
 */
final class JwksKeyring implements Keyring {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeyring.class);
  /** A provider that answers slower than this is down, for this fetch. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  /** A key set is a few KB; anything much larger is not one. */
  static final int MAX_BYTES = 1 << 20;

  private final Vertx vertx;
  private final HttpClient client;
  private final String url;
  private final TokenKeys configured;
  private final AppConfig.Auth auth;
  private final Clock clock;
  private final JwksMeters meters;
  private volatile Verifier current;
  private volatile List<JsonObject> fetched;
  private final Object lock = new Object();
  private @Nullable Future<Void> inFlight;
  private Instant lastFetch;
  private volatile long timer;

  private JwksKeyring(Vertx vertx, HttpClient client, TokenKeys configured, AppConfig.Auth auth,
      String url, Clock clock, JwksMeters meters, List<JsonObject> first, Instant started) {
    this.vertx = vertx;
    this.client = client;
    this.url = url;
    this.configured = configured;
    this.auth = auth;
    this.clock = clock;
    this.meters = meters;
    this.fetched = first;
    this.current = configured.withFetched(first).verifier(vertx, auth);
    this.lastFetch = started;
  }

  /**
   * Fetches the key set once, then keeps it fresh. Fails, with one line naming the URL, when that
   * first fetch does: the gateway does not serve without its identity provider's keys.
   */
  static Future<JwksKeyring> start(Vertx vertx, TokenKeys configured, AppConfig.Auth auth,
      Clock clock, JwksMeters meters) {
    String url = Objects.requireNonNull(auth.jwksUrl(), "auth.jwksUrl").toString();
    // minutes apart, a fetch would find a kept-alive connection closed by the other side
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    Instant started = clock.instant();
    return download(client, url).transform(first -> {
      if (first.failed()) {
        meters.failed();
        return client.close().transform(closed -> Future.failedFuture(new IllegalStateException(
            "auth.jwksUrl " + url + ": the first fetch failed, so no token could be verified: "
                + first.cause().getMessage())));
      }
      JwksKeyring keys = new JwksKeyring(vertx, client, configured, auth, url, clock, meters,
          first.result(), started);
      keys.installed(first.result(), "fetched");
      keys.timer = vertx.setPeriodic(auth.jwksRefresh().toMillis(), id -> keys.refresh(false));
      return Future.succeededFuture(keys);
    });
  }

  @Override
  public Verifier current() {
    return current;
  }

  @Override
  public Future<Verifier> refreshFor(String kid) {
    return refresh(true).map(v -> current);
  }

  Future<Void> close() {
    vertx.cancelTimer(timer);
    return client.close();
  }

  /** Joins the fetch in flight, or starts one unless {@code limited} and one ran lately. */
  private Future<Void> refresh(boolean limited) {
    synchronized (lock) {
      Future<Void> pending = inFlight;
      if (pending != null) {
        return pending;
      }
      Instant now = clock.instant();
      // a wall clock set back does not stop refreshes: only a fetch in the last interval does
      if (limited && !now.isBefore(lastFetch)
          && now.isBefore(lastFetch.plus(auth.jwksMinInterval()))) {
        return Future.succeededFuture();
      }
      lastFetch = now;
      Future<Void> fetch = download(client, url).transform(this::settle);
      inFlight = fetch;
      fetch.onComplete(done -> {
        synchronized (lock) {
          inFlight = null;
        }
      });
      return fetch;
    }
  }

  /** Installs a good key set; keeps the held one, logged and counted, after a failure. */
  private Future<Void> settle(AsyncResult<List<JsonObject>> result) {
    if (result.failed()) {
      meters.failed();
      LOG.warn("JWKS refresh from {} failed; keeping the {} keys held: {}", url,
          fetched.size(), result.cause().getMessage());
    } else if (result.result().equals(fetched)) {
      meters.succeeded(fetched.size(), clock.instant());
    } else {
      current = configured.withFetched(result.result()).verifier(vertx, auth);
      fetched = result.result();
      installed(result.result(), "replaced");
    }
    return Future.succeededFuture();
  }

  private void installed(List<JsonObject> keys, String how) {
    meters.succeeded(keys.size(), clock.instant());
    LOG.info("JWKS from {} {}: {} keys, kid {}", url, how, keys.size(),
        keys.stream().map(k -> k.getString("kid")).toList());
  }

  /** The usable keys at {@code url}; fails on any answer but a 200 with a usable key set. */
  static Future<List<JsonObject>> download(HttpClient client, String url) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setConnectTimeout(FETCH_TIMEOUT.toMillis()).setIdleTimeout(FETCH_TIMEOUT.toMillis())
        .putHeader(HttpHeaders.ACCEPT, "application/jwk-set+json, application/json");
    return client.request(request).compose(HttpClientRequest::send).compose(response -> {
      Future<Buffer> body = bounded(response);
      return response.statusCode() == 200 ? body
          : body.transform(read -> Future.failedFuture("HTTP " + response.statusCode()));
    }).map(body -> TokenKeys.usable(new JsonObject(body)));
  }

  private static Future<Buffer> bounded(HttpClientResponse response) {
    Promise<Buffer> body = Promise.promise();
    Buffer bytes = Buffer.buffer();
    response.handler(chunk -> {
      if (bytes.length() + chunk.length() > MAX_BYTES) {
        body.tryFail("the JWKS document is larger than " + MAX_BYTES + " bytes");
        response.request().reset();
      } else {
        bytes.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(end -> body.tryComplete(bytes));
    return body.future();
  }
}
