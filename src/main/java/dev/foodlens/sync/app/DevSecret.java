package dev.foodlens.sync.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC secret for development: the configured one, or else (when no public keys are
 * configured either) a random one kept in a git-ignored file, so a fresh clone runs and mints
 * tokens without the repository ever shipping a usable secret. Runs before Vert.x starts.
 */
final class DevSecret {
  private static final Logger LOG = LoggerFactory.getLogger(DevSecret.class);

  private DevSecret() {}

  static @Nullable String resolve(AppConfig.Auth auth) throws IOException {
    if (auth.hmacSecret() != null || auth.publicKeys() != null || auth.devSecretFile() == null) {
      return auth.hmacSecret();
    }
    Path file = Path.of(auth.devSecretFile());
    if (!Files.exists(file)) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      trySetOwnerOnly(file);
    }
    LOG.warn("no auth.hmacSecret or auth.publicKeys configured: using the development secret "
        + "in {}; never do this in production", file.toAbsolutePath());
    return Files.readString(file).strip();
  }

  private static void trySetOwnerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("could not restrict permissions of {}", file);
    }
  }
}
