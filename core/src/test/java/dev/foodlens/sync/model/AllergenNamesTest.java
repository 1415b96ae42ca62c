package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The one folding of allergen names that the gateway and the SDK share. */
class AllergenNamesTest {
  @Test
  void pluralsSynonymsCaseAndSeparators_foldToOneCode() {
    for (String name : List.of("peanut", "Peanuts", " PEANUT ", "groundnuts")) {
      assertThat(AllergenNames.known(name)).as(name).contains("peanut");
    }
    for (String name : List.of("Tree nuts", " tree-nut", "TREE_NUTS", "tree   nut", "nuts")) {
      assertThat(AllergenNames.known(name)).as(name).contains("tree-nut");
    }
    assertThat(AllergenNames.known("Dairy")).contains("milk");
    assertThat(AllergenNames.known("sulfites")).contains("sulphites");
  }

  @Test
  void anUnknownName_refusedByKnown_keptAsOtherForLegacy_keptAsIsWhenAlreadyACode() {
    assertThat(AllergenNames.known("Kiwi")).isEmpty();
    assertThat(AllergenNames.orOther("Kiwi  Fruit!")).contains("other-kiwi-fruit");
    assertThat(AllergenNames.known("other-kiwi-fruit")).contains("other-kiwi-fruit");
    assertThat(AllergenNames.known("Other: Kiwi")).contains("other-kiwi");
    assertThat(AllergenNames.existing("kiwi")).contains("kiwi");
    assertThat(AllergenNames.existing("kiwi fruit")).isEmpty();
    assertThat(AllergenNames.orOther(" ?! ")).isEmpty();
    assertThat(AllergenNames.orOther("x".repeat(100)).orElseThrow()).hasSize(64);
  }

  @Test
  void everyCode_foldsToItself() {
    assertThat(AllergenNames.codes()).contains("peanut", "tree-nut", "sesame", "milk")
        .allSatisfy(code -> assertThat(AllergenNames.known(code)).contains(code));
  }

  @Property
  void folding_isIdempotent_andAlwaysGivesAWellFormedCode(@ForAll String name) {
    AllergenNames.orOther(name).ifPresent(code -> {
      assertThat(AllergenNames.CODE.matcher(code).matches()).as(code).isTrue();
      assertThat(AllergenNames.known(code)).contains(code);
      assertThat(AllergenNames.orOther(code)).contains(code);
      assertThat(AllergenNames.existing(code)).contains(code);
    });
  }
}
