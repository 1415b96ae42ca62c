package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FieldRegistersTest {
  private static Stamp at(long ts) {
    return new Stamp(ts, "d", UUID.randomUUID());
  }

  @Test
  void apply_newerPatch_changesFieldsWithConsecutiveVersions() {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("displayName", "Ana");
    patch.put("locale", null);
    FieldRegisters.Applied applied = FieldRegisters.empty().apply(patch, at(10), 4);
    assertThat(applied.changes()).extracting(FieldRegisters.Change::version)
        .containsExactly(5L, 6L);
    assertThat(applied.registers().version()).isEqualTo(6);
  }

  @Test
  void apply_olderPatch_keepsTheStoredValue() {
    FieldRegisters stored = FieldRegisters.of(Map.of("displayName",
        new FieldRegisters.Field(LwwRegister.of("New", at(100)), 3)));
    FieldRegisters.Applied applied = stored.apply(Map.of("displayName", "Old"), at(50), 3);
    assertThat(applied.changes()).isEmpty();
    assertThat(applied.registers().fields().get("displayName").register().value())
        .isEqualTo("New");
  }

  @Test
  void schema_validate_reportsEveryBadField_andAcceptsNulls() {
    FieldSchema schema = FieldSchema.profile();
    Map<String, Object> patch = new HashMap<>();
    patch.put("displayName", "x".repeat(101));
    patch.put("birthYear", 1990.5);
    patch.put("avatarUrl", "https://a.example/p.png");
    patch.put("locale", null);
    patch.put("nickname", "z");
    List<FieldError> errors = schema.validate(patch, "fields.", 2026);
    assertThat(errors).extracting(FieldError::field)
        .containsExactlyInAnyOrder("fields.displayName", "fields.birthYear", "fields.nickname");
  }

  @Test
  void schema_birthYear_boundsAreTheContractsOnes() {
    FieldType year = new FieldType.Year(1900);
    assertThat(year.check(1900, 2026)).isEmpty();
    assertThat(year.check(2026, 2026)).isEmpty();
    assertThat(year.check(2027, 2026)).isPresent();
    assertThat(year.check(1899, 2026)).isPresent();
  }

  @Test
  void schema_displayName_countsCodePoints() {
    assertThat(new FieldType.Text(1, 2).check("😀😀", 2026)).isEmpty();
  }

  @Test
  void schemaFile_badDeclaration_failsNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaFile.parse("settings",
            Map.of("units", Map.of("type", "enum", "values", List.of("a"), "default", "b"))))
        .hasMessageContaining("units");
  }
}
