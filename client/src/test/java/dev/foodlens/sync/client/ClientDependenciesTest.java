package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK's classpath is its own Maven dependencies and nothing else, so this test sees exactly
 * what an app that depends on the SDK gets: none of the gateway's stack and no logging backend
 * (the app picks its own).
 */
class ClientDependenciesTest {
  static final List<String> ABSENT = List.of(
      "io.vertx.core.Vertx",
      "io.netty.channel.Channel",
      "org.postgresql.Driver",
      "io.vertx.pgclient.PgBuilder",
      "org.flywaydb.core.Flyway",
      "io.micrometer.core.instrument.MeterRegistry",
      "ch.qos.logback.classic.Logger",
      "org.slf4j.LoggerFactory",
      "org.apache.logging.log4j.LogManager",
      "com.github.benmanes.caffeine.cache.Caffeine",
      "dev.foodlens.sync.app.Main",
      "dev.foodlens.sync.store.UserTx");

  @Test
  void classpath_holdsNoServerStackAndNoLoggingBackend() {
    assertThat(ABSENT).filteredOn(ClientDependenciesTest::loads).isEmpty();
  }

  @Test
  void classpath_holdsWhatTheSdkNeeds() {
    assertThat(List.of("com.fasterxml.jackson.databind.ObjectMapper", "org.sqlite.JDBC",
        "dev.foodlens.sync.model.AllergenNames")).allMatch(ClientDependenciesTest::loads);
  }

  private static boolean loads(String className) {
    try {
      Class.forName(className, false, ClientDependenciesTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
