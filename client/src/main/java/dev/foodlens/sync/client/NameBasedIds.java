package dev.foodlens.sync.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Name-based UUIDs, version 5 (RFC 9562 §5.5): the same name always gives the same id. */
final class NameBasedIds {
  /** The SDK's namespace for legacy-v1 names (fixed forever: ids on servers depend on it). */
  static final UUID LEGACY = UUID.fromString("3d0b9a6e-6f47-4c1f-9f5e-5a2f0c7b8e11");

  private NameBasedIds() {}

  static UUID v5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
          .putLong(namespace.getLeastSignificantBits()).array());
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(bytes.getLong(), bytes.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-1", e);
    }
  }

  /** A legacy history entry's id: (user id, localId). */
  static UUID historyId(String userId, long localId) {
    return v5(LEGACY, "history:" + userId + ":" + localId);
  }

  /**
   * The Idempotency-Key of a migration chunk: (user id, SHA-256 of its body). The same body
   * resent (after a crash, a cut answer) replays; a different body — another device's, or a
   * reinstall's — is a different key, so no chunk can ever be refused as a reused key.
   */
  static UUID chunkKey(String userId, String body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(body.getBytes(StandardCharsets.UTF_8));
      return v5(LEGACY, "migrate-chunk:" + userId + ":" + HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
