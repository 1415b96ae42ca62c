package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StorableTextTest {
  @Test
  void nulAndUnpairedSurrogates_areNotStorable_pairsAre() {
    assertThat(StorableText.isStorable("Ana 🥜 ü")).isTrue();
    assertThat(StorableText.isStorable("")).isTrue();
    for (String bad : List.of("\u0000", "a\u0000", "\ud800", "a\ud800b", "\udc00a", "a\ud83e",
        "\udc00\ud800")) {
      assertThat(StorableText.isStorable(bad)).as(StorableText.printable(bad)).isFalse();
    }
  }

  @Test
  void check_reportsEveryBadStringAndMemberName_withItsPath() {
    Map<String, Object> body = Map.of("fields", Map.of("note", "a\u0000",
        "tags", List.of("ok", "\ud800"), "k\u0000", "v"));
    List<FieldError> errors = new ArrayList<>();
    assertThat(StorableText.check(body, "", errors)).isFalse();
    assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("fields.note",
        "fields.tags[1]", "fields.k\\u0000");
    assertThat(StorableText.check(Map.of("a", List.of(1, "x", true)), "", errors)).isTrue();
  }

  @Property
  void printable_isAlwaysStorable_andKeepsStorableTextAsItIs(@ForAll String s) {
    assertThat(StorableText.isStorable(StorableText.printable(s))).isTrue();
    if (StorableText.isStorable(s)) {
      assertThat(StorableText.printable(s)).isEqualTo(s);
    }
  }

  @Test
  void fieldError_neverCarriesUnstorableText() {
    FieldError e = new FieldError("x\ud800", "is \u0000");
    assertThat(e.field()).isEqualTo("x\\uD800");
    assertThat(e.message()).isEqualTo("is \\u0000");
  }
}
