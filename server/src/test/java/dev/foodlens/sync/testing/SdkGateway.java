package dev.foodlens.sync.testing;

import java.net.URI;
import java.time.Duration;

/**
 * What the SDK-against-a-gateway tests start: a test database, one gateway on it with one event
 * loop, and a {@link FaultProxy} in front of it for the cells that cut, delay or fail requests.
 * Devices use {@link #direct} for a clean network and {@link #proxied} for a faulty one.
 */
public record SdkGateway(TestDatabase db, TestGateway gateway, FaultProxy proxy)
    implements AutoCloseable {

  public static SdkGateway start(Class<?> owner) {
    TestDatabase db = TestDatabase.create(owner);
    TestGateway gateway = null;
    try {
      gateway = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
      return new SdkGateway(db, gateway, FaultProxy.start("127.0.0.1", gateway.port()));
    } catch (RuntimeException e) {
      Closing.all(e, gateway, db);
      throw e;
    }
  }

  public URI direct() {
    return URI.create("http://127.0.0.1:" + gateway.port());
  }

  public URI proxied() {
    return URI.create("http://127.0.0.1:" + proxy.port());
  }

  /** Back to a clean network between tests: no mode, delay or marker left from the last one. */
  public void resetProxy() {
    proxy.mode(FaultProxy.Mode.PASS);
    proxy.delay(Duration.ZERO);
    proxy.failRequestsContaining(null);
  }

  @Override
  public void close() {
    Closing.all(null, proxy, gateway, db);
  }
}
