package dev.foodlens.sync.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What makes two requests "the same request" for the ledger: SHA-256 over the method, the route
 * template and the canonical JSON body (contract §3 rule 2). Immutable.
 */
public final class Fingerprint {
  private final byte[] hash;

  private Fingerprint(byte[] hash) {
    this.hash = hash;
  }

  /** The fingerprint of a request; {@code body} is a parsed JSON value or {@code null}. */
  public static Fingerprint of(String method, String route, @Nullable Object body) {
    requireNonNull(method, "method");
    requireNonNull(route, "route");
    String canonical = method + '\n' + route + '\n' + CanonicalJson.render(body);
    return new Fingerprint(sha256(canonical.getBytes(UTF_8)));
  }

  public static Fingerprint ofBytes(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a fingerprint is 32 bytes, got " + hash.length);
    }
    return new Fingerprint(hash.clone());
  }

  public byte[] bytes() {
    return hash.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Fingerprint f && MessageDigest.isEqual(hash, f.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(hash);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }
}
