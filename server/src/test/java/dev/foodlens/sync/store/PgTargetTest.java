package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's Postgres URI: one host or a libpq host list, session attrs and TLS. */
class PgTargetTest {
  @Test
  void oneHost_asBefore() {
    PgTarget t = PgTarget.parse("postgresql://postgres@127.0.0.1:5432/foodlens");
    assertThat(t.hosts()).containsExactly(new PgTarget.Host("127.0.0.1", 5432));
    assertThat(t.needsPrimary()).isFalse();
    PgConnectOptions o = t.candidates().get(0);
    assertThat(o.getHost()).isEqualTo("127.0.0.1");
    assertThat(o.getPort()).isEqualTo(5432);
    assertThat(o.getDatabase()).isEqualTo("foodlens");
    assertThat(o.getUser()).isEqualTo("postgres");
    assertThat(o.getSslMode()).isEqualTo(SslMode.DISABLE);
  }

  @Test
  void aHostList_followsThePrimary_inAllThree() {
    PgTarget t = PgTarget.parse("postgresql://app:s%40cret@h1:5433,h2,[::1]:6000/foodlens"
        + "?target_session_attrs=read-write&application_name=gw");
    assertThat(t.hosts()).containsExactly(new PgTarget.Host("h1", 5433),
        new PgTarget.Host("h2", 5432), new PgTarget.Host("::1", 6000));
    assertThat(t.needsPrimary()).isTrue();
    assertThat(t.candidates()).extracting(PgConnectOptions::getPassword).containsOnly("s@cret");
    assertThat(t.candidates().get(0).getProperties()).containsEntry("application_name", "gw");
    assertThat(t.jdbcUrl("foodlens")).isEqualTo("jdbc:postgresql://h1:5433,h2:5432,[::1]:6000/"
        + "foodlens?targetServerType=primary&sslmode=disable&connectTimeout=5");
    assertThat(t.jdbcProperties()).containsEntry("user", "app").containsEntry("password", "s@cret");
    assertThat(t.redacted()).doesNotContain("s@cret").contains("h1:5433,h2:5432");
  }

  @Test
  void aListWithoutAttrs_stillNeedsThePrimary() {
    assertThat(PgTarget.parse("postgresql://u@a,b/db").needsPrimary()).isTrue();
    assertThat(PgTarget.parse("postgresql://u@a,b/db?target_session_attrs=any").needsPrimary())
        .isFalse();
  }

  @Test
  void tls_asLibpqDoes() {
    PgTarget require = PgTarget.parse("postgresql://u@h/db?sslmode=require");
    PgConnectOptions o = require.candidates().get(0);
    assertThat(o.getSslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(o.getSslOptions().isTrustAll()).isTrue();
    assertThat(require.jdbcUrl("db")).contains("sslmode=require");

    PgTarget full = PgTarget.parse("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem");
    PgConnectOptions f = full.candidates().get(0);
    assertThat(f.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(f.getSslOptions().isTrustAll()).isFalse();
    assertThat(f.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(full.sslRootCert()).isEqualTo(Path.of("/ca.pem"));
    assertThat(full.jdbcUrl("db")).contains("sslmode=verify-full&sslrootcert=%2Fca.pem");

    PgTarget ca = PgTarget.parse("postgresql://u@h/db?sslmode=verify-ca&sslrootcert=/ca.pem");
    assertThat(ca.candidates().get(0).getSslOptions().getHostnameVerificationAlgorithm())
        .isEmpty();
  }

  @Test
  void mistakes_areOneClearLine_withoutThePassword() {
    for (String bad : List.of("mysql://u@h/db", "postgresql://u:pw@h:0/db",
        "postgresql://u:pw@h:x/db", "postgresql://u:pw@a,,b/db",
        "postgresql://u:pw@h/db?sslmode=sometimes", "postgresql://u:pw@h/db?sslmode=verify-full",
        "postgresql://u:pw@h/db?target_session_attrs=standby", "postgresql://u:pw@h/db?x")) {
      assertThatThrownBy(() -> PgTarget.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw").doesNotContain("\n"));
    }
  }
}
