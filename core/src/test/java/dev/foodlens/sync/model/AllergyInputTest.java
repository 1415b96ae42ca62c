package dev.foodlens.sync.model;

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
  void add_foldsTheNameThroughTheTable_refusesAnUnknownOne() {
    assertThat(AllergyInput.add(Map.of("allergen", " Peanuts "), new ArrayList<>()))
        .contains(new AllergyIntent.Add("peanut", null, null));
    assertThat(AllergyInput.add(Map.of("allergen", "TREE-NUTS"), new ArrayList<>()))
        .contains(new AllergyIntent.Add("tree-nut", null, null));
    assertThat(AllergyInput.add(Map.of("allergen", "Other kiwi"), new ArrayList<>()))
        .contains(new AllergyIntent.Add("other-kiwi", null, null));
    for (String bad : List.of("", "  ", "-nut", "kiwi", "e330", "pea nut", "é", "other-")) {
      List<FieldError> errors = new ArrayList<>();
      assertThat(AllergyInput.add(Map.of("allergen", bad), errors)).as(bad).isEmpty();
      assertThat(errors).singleElement().satisfies(e -> assertThat(e.message())
          .contains("is not a known allergen").contains("tree-nut").contains("other-<name>"));
    }
  }

  @Test
  void remove_foldsAKnownName_andTakesAnyWellFormedCodeAsStored() {
    assertThat(AllergyInput.remove("Peanuts", Map.of(), new ArrayList<>()))
        .contains(new AllergyIntent.Remove("peanut", null));
    assertThat(AllergyInput.remove("e330", Map.of(), new ArrayList<>()))
        .contains(new AllergyIntent.Remove("e330", null));
    for (String bad : List.of("", "-nut", "pea nut", "é", "a".repeat(65))) {
      assertThat(AllergyInput.remove(bad, Map.of(), new ArrayList<>())).as(bad).isEmpty();
    }
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
