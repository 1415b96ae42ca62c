package dev.foodlens.sync.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy the test steers, for faults no mock can show (design §8: no Toxiproxy here):
 * {@link Mode#PASS} forwards bytes both ways, {@link Mode#REFUSE} closes every connection and
 * each new one at once (a database restart), {@link Mode#BLACKHOLE} accepts and never answers
 * (a network partition), {@link Mode#CUT_RESPONSE} forwards the request and cuts the connection
 * once the server has answered, after at most {@link #cutResponseAfter(int) N} bytes of the
 * answer (the server committed, the client never learns it), {@link Mode#CUT_REQUEST} forwards at
 * most {@link #cutRequestAfter(int) N} bytes of what the client sends on each connection and then
 * cuts it (a connection broken mid-handshake, mid-statement or mid-transaction, as the client sees
 * a broken pipe); {@link #flaky} cuts a random share of the exchanges (each request/answer turn of
 * a connection): half of those before the request reaches the server, half once the server has
 * answered; {@link #delay(Duration)} holds every forwarded chunk for a while in any forwarding
 * mode; {@link #failRequestsContaining(String)} plays a server that cannot store one particular op:
 * a connection whose request bytes contain the marker is answered {@code 500 internal} and closed,
 * and the gateway never gets the whole request (so nothing of it commits).
 */
public final class FaultProxy implements AutoCloseable {
  public enum Mode { PASS, REFUSE, BLACKHOLE, CUT_RESPONSE, CUT_REQUEST, FLAKY }

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private volatile int cutAfter;
  private volatile long delayMillis;
  private volatile @Nullable String poison;
  private volatile double flakyShare;
  private final Random random = new Random(11);
  private final AtomicInteger exchanges = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();

  private FaultProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(in -> accept(in, targetHost, targetPort));
  }

  /** A proxy on a free loopback port in front of {@code targetHost:targetPort}. */
  public static FaultProxy start(String targetHost, int targetPort) {
    Vertx vertx = Vertx.vertx();
    FaultProxy proxy = new FaultProxy(vertx, targetHost, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Switches the mode; {@link Mode#REFUSE} also cuts every open connection. */
  public void mode(Mode next) {
    mode = next;
    if (next == Mode.REFUSE) {
      open.forEach(NetSocket::close);
    }
  }

  /** Switches to {@link Mode#CUT_RESPONSE}: forward at most {@code bytes} of each answer. */
  public void cutResponseAfter(int bytes) {
    cutAfter = bytes;
    mode = Mode.CUT_RESPONSE;
  }

  /** Switches to {@link Mode#CUT_REQUEST}: forward at most {@code bytes} the client sends. */
  public void cutRequestAfter(int bytes) {
    cutAfter = bytes;
    mode = Mode.CUT_REQUEST;
  }

  /** Switches to {@link Mode#FLAKY}: cut about {@code share} (0–1) of the exchanges. */
  public void flaky(double share) {
    flakyShare = share;
    mode = Mode.FLAKY;
  }

  /** Exchanges seen and exchanges cut in {@link Mode#FLAKY} so far. */
  public int[] flakyCounts() {
    return new int[] {exchanges.get(), cuts.get()};
  }

  /** Holds every forwarded chunk for {@code delay} (zero: none) while passing or cutting. */
  public void delay(Duration delay) {
    delayMillis = delay.toMillis();
  }

  /** Answers 500 to any request whose bytes contain {@code marker} (null: none). */
  public void failRequestsContaining(@Nullable String marker) {
    poison = marker;
  }

  private void accept(NetSocket in, String host, int port) {
    if (mode == Mode.REFUSE) {
      in.close();
      return;
    }
    open.add(in);
    if (mode == Mode.BLACKHOLE) {
      in.handler(bytes -> { });
      in.closeHandler(v -> open.remove(in));
      return;
    }
    in.pause();
    client.connect(port, host).onComplete(connected -> {
      if (connected.failed()) {
        open.remove(in);
        in.close();
        return;
      }
      NetSocket out = connected.result();
      open.add(out);
      int[] received = {0};
      StringBuilder seen = new StringBuilder();
      boolean[] refused = {false};
      // flaky turn: [0] 1 while a request is on its way, [1] 1 when its answer is to be cut
      int[] turn = {0, 0};
      in.handler(bytes -> {
        if (refused[0]) {
          return;
        }
        if (poisoned(seen, bytes)) {
          // the rest of the request is swallowed, so the client reads the answer, not a reset
          refused[0] = true;
          open.remove(out);
          out.closeHandler(null).close();
          in.write(Buffer.buffer(SERVER_ERROR));
          vertx.setTimer(5_000, id -> in.close());
          return;
        }
        if (mode == Mode.FLAKY && turn[0] == 0) {
          turn[0] = 1;
          exchanges.incrementAndGet();
          double roll;
          synchronized (random) {
            roll = random.nextDouble();
          }
          if (roll < flakyShare) {
            cuts.incrementAndGet();
            if (roll < flakyShare / 2) {
              in.close();
              out.close();
              return;
            }
            turn[1] = 1;
          }
        }
        later(() -> request(in, out, bytes, received));
      });
      int[] sent = {0};
      out.handler(bytes -> {
        turn[0] = 0;
        if (turn[1] == 1) {
          in.close();
          out.close();
          return;
        }
        later(() -> answer(in, out, bytes, sent));
      });
      in.closeHandler(v -> {
        open.remove(in);
        out.close();
      });
      out.closeHandler(v -> {
        open.remove(out);
        in.close();
      });
      in.resume();
    });
  }

  private static final String SERVER_ERROR_BODY = "{\"type\":\"https://foodlens.dev/problems/"
      + "internal\",\"title\":\"Internal server error\",\"status\":500}";
  private static final String SERVER_ERROR = "HTTP/1.1 500 Internal Server Error\r\n"
      + "Content-Type: application/problem+json\r\nConnection: close\r\nContent-Length: "
      + SERVER_ERROR_BODY.length() + "\r\n\r\n" + SERVER_ERROR_BODY;

  /** Whether the connection's request bytes so far hold the marker (kept: a marker's length). */
  private boolean poisoned(StringBuilder seen, Buffer bytes) {
    String marker = poison;
    if (marker == null) {
      return false;
    }
    seen.append(bytes.toString(StandardCharsets.ISO_8859_1));
    boolean found = seen.indexOf(marker) >= 0;
    seen.delete(0, Math.max(0, seen.length() - marker.length()));
    return found;
  }

  private void later(Runnable action) {
    long wait = delayMillis;
    if (wait <= 0) {
      action.run();
    } else {
      vertx.setTimer(wait, id -> action.run());
    }
  }

  /** Forwards the client's bytes; in CUT_REQUEST, only the first {@code cutAfter}, then cuts. */
  private void request(NetSocket in, NetSocket out, Buffer bytes, int[] received) {
    if (mode != Mode.CUT_REQUEST) {
      out.write(bytes);
      return;
    }
    int room = Math.max(0, cutAfter - received[0]);
    if (room > 0) {
      Buffer part = bytes.length() <= room ? bytes : bytes.getBuffer(0, room);
      received[0] += part.length();
      out.write(part);
    }
    if (received[0] >= cutAfter) {
      in.close();
      out.close();
    }
  }

  /** Forwards the server's bytes; in CUT_RESPONSE, only the first {@code cutAfter}, then cuts. */
  private void answer(NetSocket in, NetSocket out, Buffer bytes, int[] sent) {
    if (mode != Mode.CUT_RESPONSE) {
      in.write(bytes);
      return;
    }
    int room = Math.max(0, cutAfter - sent[0]);
    if (room > 0) {
      Buffer part = bytes.length() <= room ? bytes : bytes.getBuffer(0, room);
      sent[0] += part.length();
      in.write(part);
    }
    if (sent[0] >= cutAfter) {
      in.close();
      out.close();
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
