package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.model.AllergenNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy-v1 reader on the shared fixture (legacy-format.md) and on broken stores. */
class LegacyReaderTest {
  static final Path FIXTURE = Path.of("../shared/fixtures/legacy-v1");

  @Test
  void read_fixture_mapsEveryFileToTheV1Contract() {
    LegacyRecords records = LegacyReader.read(FIXTURE, "alice");

    assertThat(records.profile()).containsEntry("displayName", "Chidi")
        .containsEntry("locale", "pt-BR").containsEntry("dietType", "other")
        .containsEntry("birthYear", 1991).hasSize(4);
    assertThat(records.settings()).containsEntry("units", "metric")
        .containsEntry("theme", "dark").containsEntry("notifications.scanReminders", true)
        .hasSize(3);
    assertThat(records.allergies())
        .containsExactly("milk", "gluten", "peanut", "soy", "mustard");
    assertThat(records.report().notes()).contains("settings.legacyBannerSeen: no v1 key, skipped");
  }

  @Test
  void read_fixtureHistory_countsBadAndRepeatedLines_keepsTheRest() {
    LegacyRecords records = LegacyReader.read(FIXTURE, "alice");

    assertThat(records.report().historyLines()).isEqualTo(305);
    assertThat(records.report().badLines()).isEqualTo(5);
    assertThat(records.report().duplicateLines()).isEqualTo(5);
    assertThat(records.history()).hasSize(295);
    Scan first = records.history().get(0);
    assertThat(first.id()).isEqualTo(NameBasedIds.historyId("alice", 1));
    assertThat(first.scannedAt().toEpochMilli()).isEqualTo(1690012830209L);
    assertThat(first.verdict()).isEqualTo(Verdict.UNSAFE);
    assertThat(first.note()).isEqualTo("ñandú 🥜");
    assertThat(records.history()).flatExtracting(Scan::allergensDetected)
        .contains("tree-nut", "egg", "shellfish", "other-kiwi-fruit")
        .doesNotContain("Peanuts", " Tree nuts ", "EGGS");
    assertThat(records.history()).extracting(Scan::verdict)
        .containsOnly(Verdict.values());
  }

  @Test
  void historyIds_areUuidV5OfUserAndLocalId_sameStoreSameIds_otherUserOtherIds() {
    UUID id = LegacyReader.read(FIXTURE, "alice").history().get(5).id();
    assertThat(id.version()).isEqualTo(5);
    assertThat(LegacyReader.read(FIXTURE, "alice").history().get(5).id()).isEqualTo(id);
    assertThat(LegacyReader.read(FIXTURE, "bob").history().get(5).id()).isNotEqualTo(id);
  }

  @Test
  void read_brokenOrMissingFiles_reportsThem_neverThrows(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("profile.json"), "{\"name\": 42, \"shoe\": 9");
    Files.writeString(dir.resolve("allergies.json"), "[\"  \", 7, \"Sesame\"]");
    Files.writeString(dir.resolve("history.jsonl"), "\n[1]\n{\"localId\": 1}\n");

    LegacyRecords records = LegacyReader.read(dir, "alice");

    assertThat(records.profile()).isEmpty();
    assertThat(records.allergies()).containsExactly("sesame");
    assertThat(records.history()).isEmpty();
    assertThat(records.report().badLines()).isEqualTo(2);
    assertThat(records.report().notes()).anyMatch(n -> n.startsWith("profile.json: unreadable"))
        .anyMatch(n -> n.startsWith("settings.json: missing")).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void allergenNames_foldPluralsAndSynonyms_slugTheRest() {
    assertThat(AllergenNames.orOther(" Tree nuts ")).hasValue("tree-nut");
    assertThat(AllergenNames.orOther("Peanuts")).hasValue("peanut");
    assertThat(AllergenNames.orOther("dairy")).hasValue("milk");
    assertThat(AllergenNames.orOther("Kiwi  Fruit!")).hasValue("other-kiwi-fruit");
    assertThat(AllergenNames.orOther(" ?! ")).isEmpty();
  }
}
