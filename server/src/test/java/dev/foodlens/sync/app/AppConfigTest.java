package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.store.DbRoles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {
  static JsonObject shipped() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/gateway.json")));
  }

  @Test
  void load_shippedDefaults_matchTheContract() throws Exception {
    AppConfig config = AppConfig.load(shipped(), Map.of());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().host()).as("fail closed: loopback unless configured")
        .isEqualTo("127.0.0.1");
    assertThat(config.management()).isEqualTo(new AppConfig.Management("127.0.0.1", 8081));
    assertThat(config.http().h2c()).as("cleartext HTTP/2 off unless configured").isFalse();
    assertThat(config.http().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.http().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.http().bodyLimit()).isEqualTo(1024 * 1024);
    assertThat(config.http().migrateBodyLimit()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.pg().uri()).isEqualTo("postgresql://postgres@127.0.0.1:5432/foodlens");
    assertThat(config.auth().audience()).isEqualTo("foodlens");
    assertThat(config.auth().hmacSecret()).as("the repo ships no usable secret").isNull();
    assertThat(config.idempotency().retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void overlay_fileKeys_replaceOnlyThoseDefaults() throws Exception {
    JsonObject merged = AppConfig.overlay(shipped(), new JsonObject()
        .put("http", new JsonObject().put("port", 9999))
        .put("auth", new JsonObject().put("audience", "mobile")), "test.json");
    AppConfig config = AppConfig.load(merged, Map.of());
    assertThat(config.http().port()).isEqualTo(9999);
    assertThat(config.http().host()).as("a default the file leaves alone").isEqualTo("127.0.0.1");
    assertThat(config.auth().audience()).isEqualTo("mobile");
    assertThat(AppConfig.load(merged, Map.of("FOODLENS_HTTP_PORT", "7000")).http().port())
        .as("the environment still wins").isEqualTo(7000);
  }

  @Test
  void overlay_unknownKeysAndWrongShapes_failNamingEachWithTheFile() {
    assertThatThrownBy(() -> AppConfig.overlay(shipped(), new JsonObject()
        .put("htp", new JsonObject().put("port", 1))
        .put("http", new JsonObject().put("prot", 1))
        .put("pg", "postgresql://x")
        .put("quotas", new JsonObject().put("devicesPerUser", new JsonObject())), "conf/x.json"))
        .isInstanceOf(AppConfig.InvalidConfig.class)
        .hasMessageContaining("conf/x.json: unknown key htp")
        .hasMessageContaining("conf/x.json: unknown key http.prot")
        .hasMessageContaining("conf/x.json: pg must be an object")
        .hasMessageContaining("conf/x.json: quotas.devicesPerUser must be a value, not an object");
  }

  @Test
  void load_environment_overridesTheFile() throws Exception {
    AppConfig config = AppConfig.load(shipped(), Map.of(
        "FOODLENS_HTTP_PORT", "9090",
        "FOODLENS_PG_URI", "postgresql://app@db:5432/x",
        "FOODLENS_AUTH_HMAC_SECRET", "s".repeat(32),
        "FOODLENS_AUTH_AUDIENCE", "mobile",
        "FOODLENS_IDEMPOTENCY_RETENTION", "7d"));
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.pg().uri()).isEqualTo("postgresql://app@db:5432/x");
    assertThat(config.auth().hmacSecret()).isEqualTo("s".repeat(32));
    assertThat(config.auth().audience()).isEqualTo("mobile");
    assertThat(config.idempotency().retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void load_badValues_failWithEveryProblemInOneMessage() throws Exception {
    assertThatThrownBy(() -> AppConfig.load(shipped(), Map.of(
        "FOODLENS_HTTP_PORT", "eighty",
        "FOODLENS_PG_POOL_SIZE", "0",
        "FOODLENS_HTTP_REQUEST_TIMEOUT", "soon",
        "FOODLENS_AUTH_HMAC_SECRET", "short")))
        .isInstanceOf(AppConfig.InvalidConfig.class)
        .hasMessageContaining("FOODLENS_HTTP_PORT")
        .hasMessageContaining("pg.poolSize")
        .hasMessageContaining("http.requestTimeout")
        .hasMessageContaining("auth.hmacSecret");
  }

  /** Issue 12: the documented limits are what ships, and a byte budget is checked. */
  @Test
  void load_shippedLimits_areTheDocumentedNumbers_badBudgetsAreReported() throws Exception {
    AppConfig config = AppConfig.load(shipped(), Map.of());
    assertThat(config.quotas()).isEqualTo(new AppConfig.Quotas(1000, 500, 100, 100_000, 20));
    assertThat(config.limits().inlineWork()).isEqualTo(64);
    assertThat(config.cache().maxBytes()).isEqualTo(64L << 20);
    assertThat(config.cache().setBytes()).isEqualTo(64L << 20);
    assertThat(config.idempotency().frontBytes()).isEqualTo(32L << 20);
    assertThatThrownBy(() -> AppConfig.load(shipped(), Map.of(
        "FOODLENS_CACHE_MAX_BYTES", "-1",
        "FOODLENS_QUOTAS_MIGRATE_RECORDS", "0")))
        .hasMessageContaining("cache.maxBytes")
        .hasMessageContaining("quotas.migrateRecords");
  }

  @Test
  void load_missingKey_isReported() throws Exception {
    JsonObject file = shipped();
    file.getJsonObject("pg").remove("uri");
    assertThatThrownBy(() -> AppConfig.load(file, Map.of()))
        .hasMessageContaining("pg.uri");
  }

  @Test
  void load_roles_defaultToLeastPrivilege_andComeFromTheEnvironment() throws Exception {
    AppConfig shippedConfig = AppConfig.load(shipped(), Map.of());
    assertThat(shippedConfig.pg().roles()).isEqualTo(DbRoles.defaults());
    assertThat(shippedConfig.pg().rowSecurity()).isTrue();
    AppConfig config = AppConfig.load(shipped(), Map.of(
        "FOODLENS_PG_ROLES_APP", "sync_app",
        "FOODLENS_PG_ROLES_APP_PASSWORD", "s3cret'; DROP ROLE x; --"));
    assertThat(config.pg().roles().app()).isEqualTo("sync_app");
    assertThat(config.pg().roles().appPassword()).isEqualTo("s3cret'; DROP ROLE x; --");
    assertThat(Gateway.appTarget(config.pg()).user()).isEqualTo("sync_app");
    assertThat(Gateway.adminTarget(config.pg()).user()).isEqualTo("postgres");
    assertThatThrownBy(() -> AppConfig.load(shipped(), Map.of(
        "FOODLENS_PG_ROLES_APP", "App\"; DROP",
        "FOODLENS_PG_ROLES_MAINTENANCE", "foodlens_owner")))
        .hasMessageContaining("pg.roles");
  }

  @Test
  void load_jwksUrl_offByDefault_httpsOrLoopbackOnly() throws Exception {
    AppConfig.Auth shippedAuth = AppConfig.load(shipped(), Map.of()).auth();
    assertThat(shippedAuth.jwksUrl()).isNull();
    assertThat(shippedAuth.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(shippedAuth.jwksMinInterval()).isEqualTo(Duration.ofSeconds(30));
    for (String url : List.of("https://id.example.com/.well-known/jwks.json",
        "http://127.0.0.1:8180/jwks", "http://localhost/jwks", "http://[::1]:9/k")) {
      assertThat(AppConfig.load(shipped(), Map.of("FOODLENS_AUTH_JWKS_URL", url)).auth()
          .jwksUrl()).hasToString(url);
    }
    for (String url : List.of("http://id.example.com/jwks", "http://127.evil.example/jwks",
        "ftp://id.example.com/jwks", "/jwks", "https://")) {
      assertThatThrownBy(() -> AppConfig.load(shipped(), Map.of("FOODLENS_AUTH_JWKS_URL", url)))
          .as(url).hasMessageContaining("auth.jwksUrl must be an https URL");
    }
    assertThatThrownBy(() -> AppConfig.load(shipped(), Map.of(
        "FOODLENS_AUTH_JWKS_REFRESH", "0s", "FOODLENS_AUTH_JWKS_MIN_INTERVAL", "soon")))
        .hasMessageContaining("auth.jwksRefresh").hasMessageContaining("auth.jwksMinInterval");
  }

  @Test
  void envName_splitsCamelCase() {
    assertThat(AppConfig.envName("auth.jwksUrl")).isEqualTo("FOODLENS_AUTH_JWKS_URL");
    assertThat(AppConfig.envName("auth.hmacSecret")).isEqualTo("FOODLENS_AUTH_HMAC_SECRET");
    assertThat(AppConfig.envName("pg.uri")).isEqualTo("FOODLENS_PG_URI");
    assertThat(AppConfig.envName("auth.publicKeys")).isEqualTo("FOODLENS_AUTH_PUBLIC_KEYS");
  }
}
