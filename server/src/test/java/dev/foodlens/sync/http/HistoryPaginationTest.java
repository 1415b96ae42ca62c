package dev.foodlens.sync.http;

import static dev.foodlens.sync.http.ErrorTableTest.assertProblem;
import static dev.foodlens.sync.http.HistoryApiTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.OpIds;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /me/history}: keyset pages, newest first, stable under inserts (issue 4, point 5). */
class HistoryPaginationTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(HistoryPaginationTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  /** An entry as the list should order it: scannedAt (a sortable text here) and id. */
  private record Scan(String scannedAt, UUID id) {}

  /** Newest scannedAt first; ties by id in the unsigned order Postgres uses for uuid. */
  private static final Comparator<Scan> LIST_ORDER = Comparator.comparing(Scan::scannedAt)
      .reversed().thenComparing(Scan::id, OpIds.ORDER);

  private final HistoryClient me =
      new HistoryClient(gw, TestTokens.user("p-" + UUID.randomUUID()));

  @Test
  void pages_newestFirstTiesById_untilNextCursorIsNull() {
    List<Scan> scans = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // Three entries per second: ties that only the id orders.
      scans.add(create("2026-11-24T10:00:0" + i / 3 + ".000000Z"));
    }
    scans.sort(LIST_ORDER);
    assertThat(readAll(3, new ArrayList<>())).isEqualTo(ids(scans));
  }

  @Test
  void pages_insertsBetweenRequests_noDuplicatesNoGaps() {
    List<Scan> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      before.add(create("2026-11-24T10:00:0" + i / 2 + ".000000Z"));
    }
    before.sort(LIST_ORDER);
    JsonObject first = page("?limit=2");
    List<UUID> seen = new ArrayList<>(ids(first));
    // Newer than everything, tied with the page's last entry on both sides, and older than all.
    Scan last = before.get(1);
    create("2026-11-24T11:00:00.000000Z");
    create(last.scannedAt());
    create(last.scannedAt());
    create("2026-11-24T09:00:00.000000Z");
    String cursor = first.getString("nextCursor");
    while (cursor != null) {
      JsonObject next = page("?limit=2&cursor=" + cursor);
      seen.addAll(ids(next));
      cursor = next.getString("nextCursor");
    }
    assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    assertThat(seen).containsSubsequence(ids(before));
  }

  @Test
  void list_deletedEntries_neverListed() {
    Scan kept = create("2026-11-24T10:00:00.000000Z");
    Scan gone = create("2026-11-24T10:00:01.000000Z");
    me.delete(gone.id());
    assertThat(readAll(1, new ArrayList<>())).containsExactly(kept.id());
  }

  @Test
  void list_noLimit_defaultsToFifty() {
    for (int i = 0; i < 51; i++) {
      create(String.format("2026-11-24T10:%02d:00.000000Z", i));
    }
    JsonObject page = page("");
    assertThat(page.getJsonArray("items")).hasSize(50);
    assertThat(page("?cursor=" + page.getString("nextCursor")).getJsonArray("items")).hasSize(1);
  }

  @Test
  void list_newUser_emptyWithNullCursorAndEtag() {
    HttpResponse<Buffer> r = me.list("");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isEqualTo("{\"items\":[],\"nextCursor\":null}");
    assertThat(r.getHeader("ETag")).isEqualTo("\"0\"");
  }

  @Test
  void list_etagIsTheLastHistoryVersion_304WhenCurrent() {
    Scan scan = create("2026-11-24T10:00:00.000000Z");
    me.patch(scan.id(), "d1", "{\"note\":\"x\"}");
    assertThat(me.list("").getHeader("ETag")).isEqualTo("\"2\"");
    HttpResponse<Buffer> r = gw.request(HttpMethod.GET, "/me/history")
        .bearerTokenAuthentication(me.token()).putHeader("If-None-Match", "\"2\"").send().await();
    assertThat(r.statusCode()).isEqualTo(304);
  }

  @Test
  void list_limitOutOfRangeOrNotANumber_422OnLimit() {
    for (String limit : new String[] {"0", "201", "x", "", "-1", "1.5"}) {
      HttpResponse<Buffer> r = me.list("?limit=" + limit);
      assertProblem(r, 422, "validation-failed");
      assertThat(fields(r)).as(limit).containsExactly("limit");
    }
    assertThat(me.list("?limit=1").statusCode()).isEqualTo(200);
    assertThat(me.list("?limit=200").statusCode()).isEqualTo(200);
  }

  @Test
  void list_garbageCursor_422OnCursor() {
    String forged = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("h1:x:y".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String cursor : new String[] {"garbage", forged, "", "%25%25"}) {
      HttpResponse<Buffer> r = me.list("?cursor=" + cursor);
      assertProblem(r, 422, "validation-failed");
      assertThat(fields(r)).as(cursor).containsExactly("cursor");
    }
    assertThat(fields(me.list("?limit=0&cursor=garbage")))
        .containsExactlyInAnyOrder("limit", "cursor");
  }

  @Test
  void list_queryNotPercentDecodable_400NotA500() {
    assertProblem(me.list("?cursor=%%%"), 400, "bad-request");
  }

  private Scan create(String scannedAt) {
    UUID id = UUID.randomUUID();
    assertThat(me.create(HistoryClient.entry(id, scannedAt)).statusCode()).isEqualTo(201);
    return new Scan(scannedAt, id);
  }

  private JsonObject page(String query) {
    HttpResponse<Buffer> r = me.list(query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private List<UUID> readAll(int limit, List<UUID> seen) {
    String cursor = null;
    do {
      JsonObject page = page("?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(limit);
      seen.addAll(ids(page));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return seen;
  }

  private static List<UUID> ids(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(e -> UUID.fromString(((JsonObject) e).getString("id"))).toList();
  }

  private static List<UUID> ids(List<Scan> scans) {
    return scans.stream().map(Scan::id).toList();
  }
}
