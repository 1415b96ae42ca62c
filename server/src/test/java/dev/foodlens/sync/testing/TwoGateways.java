package dev.foodlens.sync.testing;

import java.util.function.UnaryOperator;

/**
 * Two gateways on one test database: what the cross-instance tests need (a cache announcement
 * between instances, two writers of one user, two clocks). {@link #close} stops both and drops
 * the database even when one of them fails to stop; a second gateway that fails to start takes
 * the first one and the database down with it, so no class leaks a cluster connection.
 */
public record TwoGateways(TestDatabase db, TestGateway first, TestGateway second)
    implements AutoCloseable {

  /** Both on the defaults of {@link TestGateway}. */
  public static TwoGateways start(Class<?> owner) {
    return start(owner, UnaryOperator.identity());
  }

  /** Both configured alike by {@code each}. */
  public static TwoGateways start(Class<?> owner, UnaryOperator<TestGateway.Builder> each) {
    return start(owner, each, each);
  }

  /** Each configured by its own operator (another clock, another limit). */
  public static TwoGateways start(Class<?> owner, UnaryOperator<TestGateway.Builder> first,
      UnaryOperator<TestGateway.Builder> second) {
    TestDatabase db = TestDatabase.create(owner);
    TestGateway one = null;
    try {
      one = first.apply(TestGateway.on(db)).start();
      return new TwoGateways(db, one, second.apply(TestGateway.on(db)).start());
    } catch (RuntimeException e) {
      Closing.all(e, one, db);
      throw e;
    }
  }

  @Override
  public void close() {
    Closing.all(null, first, second, db);
  }
}
