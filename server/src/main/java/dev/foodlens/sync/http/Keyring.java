package dev.foodlens.sync.http;

import io.vertx.core.Future;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.Set;

/**
 * Where {@link Authn} gets the keys it verifies bearer tokens with: a fixed set, or one that an
 * identity provider rotates (the keys at {@code auth.jwksUrl}), replaced as a whole. Thread-safe:
 * every API event loop reads it.
 */
public interface Keyring {
  /**
   * One key set, immutable: the provider built from it (which also checks {@code aud}, {@code
   * iss}, {@code exp}, {@code nbf} and {@code iat} with the leeway), the algorithms the
   * configuration pins, and the {@code kid}s of the keys it holds. Equal only to itself: a token
   * verified with one {@code Verifier} is not known to be valid under the next.
   */
  final class Verifier {
    private final JWTAuth jwt;
    private final Set<String> algorithms;
    private final Set<String> kids;

    public Verifier(JWTAuth jwt, Set<String> algorithms, Set<String> kids) {
      this.jwt = jwt;
      this.algorithms = Set.copyOf(algorithms);
      this.kids = Set.copyOf(kids);
    }

    public JWTAuth jwt() {
      return jwt;
    }

    public Set<String> algorithms() {
      return algorithms;
    }

    public Set<String> kids() {
      return kids;
    }
  }

  /** The key set to verify with now. */
  Verifier current();

  /**
   * Asks for the identity provider's keys again because a token names {@code kid}, which
   * {@link #current} does not hold. Never fails: completes with the key set to verify with
   * afterwards, the same one when no fetch was due (rate-limited) or the fetch failed.
   */
  Future<Verifier> refreshFor(String kid);

  /** Keys that never change: {@link #refreshFor} answers them at once. */
  static Keyring fixed(Verifier keys) {
    return new Keyring() {
      @Override
      public Verifier current() {
        return keys;
      }

      @Override
      public Future<Verifier> refreshFor(String kid) {
        return Future.succeededFuture(keys);
      }
    };
  }
}
