package dev.foodlens.sync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Contract §4's allergen codes, severities and observed versions, without a server. */
class AllergyInputTest {
  @Test
  void allergen_trimmedAndLowerCased() {
    assertThat(AllergyInput.allergen("  Peanut ")).contains("peanut");
    assertThat(AllergyInput.allergen("TREE-NUTS")).contains("tree-nuts");
    assertThat(AllergyInput.allergen("e330")).contains("e330");
  }

  @Test
  void allergen_outsideThePattern_rejected() {
    for (String bad : List.of("", "  ", "-nut", "pea nut", "pea_nut", "é", "a".repeat(65))) {
      assertThat(AllergyInput.allergen(bad)).as(bad).isEmpty();
    }
    assertThat(AllergyInput.allergen("a".repeat(64))).isPresent();
  }

  @Test
  void add_validBody_normalisedIntent() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(AllergyInput.add(Map.of("allergen", " Soy", "severity", "moderate",
        "observedVersion", 4), errors))
        .contains(new AllergyIntent.Add("soy", "moderate", 4L));
    assertThat(errors).isEmpty();
  }

  @Test
  void add_nullSeverityAndObservedVersion_meanUnknownAndEverything() {
    Map<String, Object> body = new HashMap<>();
    body.put("allergen", "milk");
    body.put("severity", null);
    body.put("observedVersion", null);
    assertThat(AllergyInput.add(body, new ArrayList<>()))
        .contains(new AllergyIntent.Add("milk", null, null));
  }

  @Test
  void add_everyBadMember_reported() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(AllergyInput.add(Map.of("allergen", 7, "severity", "Severe",
        "observedVersion", -1, "colour", "red"), errors)).isEmpty();
    assertThat(errors).extracting(FieldError::field)
        .containsExactlyInAnyOrder("allergen", "severity", "observedVersion", "colour");
  }

  @Test
  void remove_observedVersionMustBeANonNegativeInteger() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(AllergyInput.remove("peanut", Map.of("observedVersion", 2.5), errors)).isEmpty();
    assertThat(errors).extracting(FieldError::field).containsExactly("observedVersion");
    assertThat(AllergyInput.remove("Peanut", Map.of(), new ArrayList<>()))
        .contains(new AllergyIntent.Remove("peanut", null));
  }

  @Test
  void resolve_decisionIsKeepOrRemove() {
    UUID id = UUID.randomUUID();
    List<FieldError> errors = new ArrayList<>();
    assertThat(AllergyInput.resolve(id, Map.of("decision", "KEEP"), errors)).isEmpty();
    assertThat(AllergyInput.resolve(id, Map.of(), errors)).isEmpty();
    assertThat(errors).hasSize(2);
    assertThat(AllergyInput.resolve(id, Map.of("decision", "remove"), new ArrayList<>()))
        .isPresent();
  }
}
