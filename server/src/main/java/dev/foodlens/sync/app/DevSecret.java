package dev.foodlens.sync.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC secret for development: the configured one, or else (when no public keys and no
 * JWKS URL are configured either) a random one kept in a git-ignored file, so a fresh clone
 * runs and mints tokens without the repository ever shipping a usable secret. Runs before
 * Vert.x starts.
 *
 * <p>Whoever reads that file can mint an admin token, so it fails closed: the file is born
 * owner-only (never created wider and narrowed later), a file others may read is refused, and
 * a gateway serves with it only on a loopback address ({@link #forListener}).
 */
final class DevSecret {
  private static final Logger LOG = LoggerFactory.getLogger(DevSecret.class);
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private DevSecret() {}

  /**
   * The secret a gateway listening on {@code host} verifies tokens with. Refuses, before any
   * file is made, to use the development secret on an address other machines can reach.
   */
  static @Nullable String forListener(AppConfig.Auth auth, String host) throws IOException {
    if (isDevelopment(auth) && !isLoopback(host)) {
      throw new IllegalStateException("http.host " + host + " is not a loopback address and no "
          + "key is configured: set FOODLENS_AUTH_JWKS_URL or FOODLENS_AUTH_PUBLIC_KEYS (or "
          + "FOODLENS_AUTH_HMAC_SECRET); "
          + "the development secret serves 127.0.0.1 only");
    }
    return resolve(auth);
  }

  /** The configured secret, or the development one (made on first use), or null. */
  static @Nullable String resolve(AppConfig.Auth auth) throws IOException {
    if (!isDevelopment(auth)) {
      return auth.hmacSecret();
    }
    Path file = Path.of(auth.devSecretFile()).toAbsolutePath();
    if (!Files.exists(file)) {
      create(file);
    }
    if (posix(file) && !OWNER_FILE.containsAll(Files.getPosixFilePermissions(file))) {
      throw new IllegalStateException("the development secret " + file + " may be read by "
          + "other users; delete it (a new one is made) or chmod 600 it");
    }
    String secret = Files.readString(file).strip();
    if (secret.length() < 32) {
      throw new IllegalStateException("the development secret " + file + " is shorter than "
          + "32 characters; delete it and a new one is made");
    }
    LOG.warn("no auth.hmacSecret, auth.publicKeys or auth.jwksUrl configured: using the "
        + "development secret in {}; never do this in production", file);
    return secret;
  }

  private static boolean isDevelopment(AppConfig.Auth auth) {
    return auth.hmacSecret() == null && auth.publicKeys() == null && auth.jwksUrl() == null
        && auth.devSecretFile() != null;
  }

  /** Every address the name stands for is loopback; a name that does not resolve is not. */
  static boolean isLoopback(String host) {
    try {
      return Arrays.stream(InetAddress.getAllByName(host))
          .allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Written to an owner-only temporary file, then linked into place: the secret is never
   * readable by others, never seen half-written, and when two processes race, both use the
   * one that was linked first.
   */
  private static void create(Path file) throws IOException {
    Path dir = file.getParent();
    if (dir == null) {
      throw new IllegalStateException("auth.devSecretFile names a folder, not a file: " + file);
    }
    boolean posix = posix(file);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, owner(posix, OWNER_DIR));
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Path temp = Files.createTempFile(dir, ".dev-secret", ".tmp", owner(posix, OWNER_FILE));
    try {
      Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      try {
        Files.createLink(file, temp);
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (FileAlreadyExistsException madeByAnotherProcess) {
      // theirs is as good as ours, and already in use
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] owner(boolean posix, Set<PosixFilePermission> permissions) {
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
