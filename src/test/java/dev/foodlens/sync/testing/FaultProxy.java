package dev.foodlens.sync.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy the test steers, for faults no mock can show (design §8: no Toxiproxy here):
 * {@link Mode#PASS} forwards bytes both ways, {@link Mode#REFUSE} closes every connection and
 * each new one at once (a database restart), {@link Mode#BLACKHOLE} accepts and never answers
 * (a network partition).
 */
public final class FaultProxy implements AutoCloseable {
  public enum Mode { PASS, REFUSE, BLACKHOLE }

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;

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
      in.handler(out::write);
      out.handler(in::write);
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

  @Override
  public void close() {
    vertx.close().await();
  }
}
