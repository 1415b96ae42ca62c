package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Stamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure history rules: what a create, patch or delete does to the slot it names. */
class HistoryDecisionTest {
  private static final UUID ID = UUID.fromString("0190a6f0-0000-7000-8000-000000000001");
  private static final HistoryCreate CREATE = new HistoryCreate(ID, 1_000_000L, "123", "Bar",
      "unsafe", List.of("peanut"), "note");

  private static Stamp at(long ts, String device) {
    return new Stamp(ts, device, UUID.randomUUID());
  }

  private static HistorySlot live() {
    return new HistorySlot.Live(CREATE.at(at(10, "d0")), CREATE.contentHash());
  }

  @Test
  void create_emptySlot_inserts() {
    HistoryDecision d = HistoryDecision.create(new HistorySlot.Empty(ID), CREATE, at(10, "d0"));
    assertThat(d).isInstanceOf(HistoryDecision.Insert.class);
    assertThat(((HistoryDecision.Insert) d).entry().note().value()).isEqualTo("note");
  }

  @Test
  void create_liveSlot_sameContentUnchangedOtherwiseMismatch() {
    assertThat(HistoryDecision.create(live(), CREATE, at(20, "d1")))
        .isInstanceOf(HistoryDecision.Unchanged.class);
    HistoryCreate other = new HistoryCreate(ID, 1_000_001L, "123", "Bar", "unsafe",
        List.of("peanut"), "note");
    assertThat(HistoryDecision.create(live(), other, at(20, "d1")))
        .isEqualTo(new HistoryDecision.Mismatch(ID));
  }

  @Test
  void anyWrite_tombstone_missing() {
    HistorySlot gone = new HistorySlot.Tombstone(ID);
    assertThat(HistoryDecision.create(gone, CREATE, at(20, "d1")))
        .isEqualTo(new HistoryDecision.Missing(ID));
    assertThat(HistoryDecision.patch(gone, new HistoryPatch(true, "x", null), at(20, "d1")))
        .isEqualTo(new HistoryDecision.Missing(ID));
    assertThat(HistoryDecision.delete(gone)).isEqualTo(new HistoryDecision.Missing(ID));
    assertThat(HistoryDecision.delete(new HistorySlot.Empty(ID)))
        .isEqualTo(new HistoryDecision.Missing(ID));
  }

  @Test
  void patch_olderStamp_losesPerField() {
    HistoryEntry entry = CREATE.at(at(10, "d0")).patch(new HistoryPatch(true, "newer", null),
        at(30, "d1")).orElseThrow();
    HistoryEntry merged = entry.patch(new HistoryPatch(true, "older", "safe"), at(20, "d2"))
        .orElseThrow();
    assertThat(merged.note().value()).isEqualTo("newer");
    assertThat(merged.verdict().value()).isEqualTo("safe");
  }

  @Test
  void patch_sameStampAgainOrNothingNamed_noChange() {
    Stamp stamp = at(30, "d1");
    HistoryEntry entry = CREATE.at(at(10, "d0"))
        .patch(new HistoryPatch(true, null, "caution"), stamp).orElseThrow();
    assertThat(entry.patch(new HistoryPatch(true, null, "caution"), stamp)).isEmpty();
    assertThat(entry.patch(new HistoryPatch(false, null, null), at(40, "d1"))).isEmpty();
  }

  @Test
  void contentHash_dependsOnNormalisedContentOnly() {
    HistoryCreate same = new HistoryCreate(ID, 1_000_000L, "123", "Bar", "unsafe",
        List.of("peanut"), "note");
    assertThat(same.contentHash()).isEqualTo(CREATE.contentHash());
    HistoryCreate noNote = new HistoryCreate(ID, 1_000_000L, "123", "Bar", "unsafe",
        List.of("peanut"), null);
    assertThat(noNote.contentHash()).isNotEqualTo(CREATE.contentHash());
  }

  @Test
  void cursor_roundTripsAndRefusesAnyOtherSpelling() {
    HistoryCursor cursor = new HistoryCursor(-5L, ID);
    assertThat(HistoryCursor.decode(cursor.encode())).contains(cursor);
    assertThat(HistoryCursor.decode(cursor.encode() + "=")).isEmpty();
    assertThat(HistoryCursor.decode("")).isEmpty();
  }

  @Test
  void utcTimestamp_microsecondsOfRfc3339Utc() {
    assertThat(UtcTimestamp.parse("1970-01-01T00:00:01.000002Z")).contains(1_000_002L);
    assertThat(UtcTimestamp.parse("1970-01-01t00:00:01.000002+00:00")).contains(1_000_002L);
    assertThat(UtcTimestamp.parse("1970-01-01T00:00:01.0000021Z")).isEqualTo(Optional.empty());
    assertThat(UtcTimestamp.parse("1970-01-01T00:00:01-05:00")).isEmpty();
  }
}
