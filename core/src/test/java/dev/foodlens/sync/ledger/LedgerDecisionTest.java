package dev.foodlens.sync.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LedgerDecisionTest {
  /** An independent JSON reader, to check the escaping against. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Fingerprint A = Fingerprint.of("PATCH", "/me/profile", Map.of("a", 1));
  private static final Fingerprint B = Fingerprint.of("PATCH", "/me/profile", Map.of("a", 2));

  @Test
  void decide_unknownKey_isFresh() {
    assertThat(LedgerDecision.decide(Optional.empty(), A)).isInstanceOf(LedgerDecision.Fresh.class);
  }

  @Test
  void decide_sameFingerprint_replaysTheStoredEntry() {
    LedgerEntry entry = new LedgerEntry(A, 200, new byte[] {1, 2});
    assertThat(LedgerDecision.decide(Optional.of(entry), A))
        .isEqualTo(new LedgerDecision.Replay(entry));
  }

  @Test
  void decide_otherFingerprint_isReused() {
    LedgerEntry entry = new LedgerEntry(A, 200, new byte[0]);
    assertThat(LedgerDecision.decide(Optional.of(entry), B))
        .isInstanceOf(LedgerDecision.Reused.class);
  }

  @Test
  void isStorable_onlySuccessesAndDeterministicClientErrors() {
    assertThat(List.of(200, 201, 204, 404, 422)).allMatch(LedgerEntry::isStorable);
    assertThat(List.of(400, 401, 403, 409, 413, 429, 500, 503)).noneMatch(LedgerEntry::isStorable);
  }

  @Test
  void fingerprint_ignoresKeyOrderAndNumberSpelling_butNotMethodRouteOrValues() {
    Map<String, Object> one = Map.of("fields", Map.of("x", 1, "y", "z"));
    Map<String, Object> same = Map.of("fields", Map.of("y", "z", "x", 1.0));
    assertThat(Fingerprint.of("PATCH", "/me/profile", one))
        .isEqualTo(Fingerprint.of("PATCH", "/me/profile", same));
    assertThat(Fingerprint.of("PATCH", "/me/settings", one))
        .isNotEqualTo(Fingerprint.of("PATCH", "/me/profile", one));
    assertThat(Fingerprint.of("POST", "/me/profile", one))
        .isNotEqualTo(Fingerprint.of("PATCH", "/me/profile", one));
    assertThat(Fingerprint.of("PATCH", "/me/profile", Map.of("fields", Map.of("x", 2))))
        .isNotEqualTo(Fingerprint.of("PATCH", "/me/profile", Map.of("fields", Map.of("x", 1))));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(20);
  }

  @Property
  void canonicalJson_stringsRoundTripThroughEscaping(@ForAll("texts") String s)
      throws JsonProcessingException {
    String rendered = CanonicalJson.render(s);
    assertThat(JSON.readTree("[" + rendered + "]").get(0).asText()).isEqualTo(s);
  }
}
