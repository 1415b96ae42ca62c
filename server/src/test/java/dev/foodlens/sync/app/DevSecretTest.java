package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 7: the development secret fails closed. */
class DevSecretTest {
  @TempDir
  Path dir;

  private AppConfig.Auth devAuth(Path file) {
    return new AppConfig.Auth(null, null, "foodlens", null, file.toString(), Duration.ofSeconds(5),
        null, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  @Test
  void resolve_firstUse_createsAnOwnerOnlyFileInAnOwnerOnlyDirectory() throws Exception {
    Path file = dir.resolve(".foodlens/dev-secret");
    String secret = DevSecret.resolve(devAuth(file));
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32).isEqualTo(Files.readString(file));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.list(file.getParent())).as("no temporary file left").containsExactly(file);
    assertThat(DevSecret.resolve(devAuth(file))).as("the same secret next time").isEqualTo(secret);
  }

  @Test
  void resolve_fileOthersMayRead_isRefused() throws Exception {
    Path file = dir.resolve("dev-secret");
    Files.writeString(file, "x".repeat(43));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> DevSecret.resolve(devAuth(file)))
        .hasMessageContaining("may be read by other users");
  }

  @Test
  void forListener_nonLoopbackHost_refusesBeforeMakingAFile() {
    Path file = dir.resolve("dev-secret");
    for (String host : new String[] {"0.0.0.0", "::", "192.0.2.1", "no-such-host.invalid"}) {
      assertThatThrownBy(() -> DevSecret.forListener(devAuth(file), host)).as(host)
          .hasMessageContaining("not a loopback address");
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void forListener_loopbackOrConfiguredKey_serves() throws Exception {
    assertThat(DevSecret.forListener(devAuth(dir.resolve("a")), "127.0.0.1")).isNotNull();
    assertThat(DevSecret.forListener(devAuth(dir.resolve("b")), "localhost")).isNotNull();
    assertThat(DevSecret.forListener(devAuth(dir.resolve("c")), "::1")).isNotNull();
    AppConfig.Auth configured = new AppConfig.Auth("k".repeat(32), null, "foodlens", null,
        dir.resolve("d").toString(), Duration.ofSeconds(5), null, Duration.ofMinutes(5),
        Duration.ofSeconds(30));
    assertThat(DevSecret.forListener(configured, "0.0.0.0")).isEqualTo("k".repeat(32));
    assertThat(dir.resolve("d")).doesNotExist();
    AppConfig.Auth jwksOnly = new AppConfig.Auth(null, null, "foodlens", null,
        dir.resolve("e").toString(), Duration.ofSeconds(5),
        java.net.URI.create("https://id.example.com/jwks"), Duration.ofMinutes(5),
        Duration.ofSeconds(30));
    assertThat(DevSecret.forListener(jwksOnly, "0.0.0.0")).as("the URL's keys, no secret")
        .isNull();
    assertThat(dir.resolve("e")).doesNotExist();
  }
}
