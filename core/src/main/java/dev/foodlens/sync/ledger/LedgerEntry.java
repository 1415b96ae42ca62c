package dev.foodlens.sync.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A completed write as the ledger stores it: who asked what, and the exact answer they got.
 * Replays send {@code status} and {@code body} back byte for byte.
 */
public record LedgerEntry(Fingerprint fingerprint, int status, byte[] body) {
  public LedgerEntry {
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(body, "body");
    if (!isStorable(status)) {
      throw new IllegalArgumentException("status " + status + " is not stored in the ledger");
    }
  }

  /**
   * Contract §3 rule 5: successes and deterministic client errors are stored; 401/403/409/429
   * and 5xx are not, so the client may retry them with the same key.
   */
  public static boolean isStorable(int status) {
    return (status >= 200 && status < 300) || status == 404 || status == 422;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LedgerEntry e && e.status == status && e.fingerprint.equals(fingerprint)
        && Arrays.equals(e.body, body);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode() * 31 + status;
  }

  @Override
  public String toString() {
    return "LedgerEntry[" + fingerprint + ", " + status + ", " + body.length + " bytes]";
  }
}
