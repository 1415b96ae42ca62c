package dev.foodlens.sync.client;

import dev.foodlens.sync.testing.MutableClock;
import dev.foodlens.sync.testing.TestTokens;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds test clients: manual sync only (tests call syncNow), a hand-moved clock, small backoff,
 * real tokens per user. Records every user a token was asked for, and every event.
 */
final class Devices {
  final MutableClock clock = MutableClock.now();
  final List<String> tokenUsers = new CopyOnWriteArrayList<>();
  final List<SyncEvent> events = new CopyOnWriteArrayList<>();
  /** Airplane mode: every connection fails at once, as a phone's OS makes it fail. */
  final AtomicBoolean airplane = new AtomicBoolean();
  private final Transport http = Transport.http(Duration.ofSeconds(10));
  private final Path dir;

  Devices() {
    try {
      dir = Files.createTempDirectory("foodlens-client-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Path store(String name) {
    return dir.resolve(name + ".db");
  }

  Path dir() {
    return dir;
  }

  FoodLensSyncBuilder builder(URI base, String deviceId, Path store) {
    return FoodLensSync.builder().baseUri(base).deviceId(deviceId).storePath(store)
        .tokens(user -> {
          tokenUsers.add(user);
          return TestTokens.user(user);
        })
        .clock(clock).autoSync(false).transport(request -> {
          if (airplane.get()) {
            throw new ConnectException("airplane mode (test)");
          }
          return http.send(request);
        })
        .backoff(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), 5))
        .listener(events::add);
  }

  FoodLensSync device(URI base, String deviceId, String user) {
    FoodLensSync client = builder(base, deviceId, store(deviceId + "-" + user)).build();
    client.signIn(user);
    return client;
  }

  static SyncStatus sync(FoodLensSync client) {
    try {
      return client.syncNow().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the clock past any backoff (the cap is 2 s) and syncs. */
  SyncStatus syncLater(FoodLensSync client) {
    clock.advance(Duration.ofMinutes(1));
    return sync(client);
  }

  static OpResult done(FoodLensSync client, QueuedOp op) {
    try {
      return client.completion(op.opId()).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
