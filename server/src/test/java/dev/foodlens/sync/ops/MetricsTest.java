package dev.foodlens.sync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.AutoDecision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.testing.Exposition;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The foodlens_* series without a gateway: names, closed label sets, one source of truth. */
class MetricsTest {
  private final Metrics metrics = Metrics.create();

  private Exposition scrape() {
    return new Exposition(metrics.scrape());
  }

  @Test
  void create_everySeriesExistsAtZero() {
    Exposition e = scrape();
    assertThat(e.names()).contains("foodlens_ledger_outcomes_total", "foodlens_sync_ops_total",
        "foodlens_conflicts_total", "foodlens_client_queue_depth_bucket",
        "foodlens_client_oldest_pending_seconds_bucket");
    assertThat(e.labelValues("foodlens_ledger_outcomes_total", "outcome"))
        .containsExactlyInAnyOrder("new", "replayed", "reused");
    assertThat(e.labelValues("foodlens_conflicts_total", "state"))
        .containsExactlyInAnyOrder("opened", "resolved", "superseded");
    assertThat(e.sum("foodlens_ledger_outcomes_total", Map.of())).isZero();
  }

  @Test
  void ledgerOutcome_unknownValue_isNotASeries() {
    metrics.ledgerOutcome("replayed");
    metrics.ledgerOutcome("user-42");
    Exposition e = scrape();
    assertThat(e.sum("foodlens_ledger_outcomes_total", Map.of("outcome", "replayed")))
        .isEqualTo(1);
    assertThat(e.labelValues("foodlens_ledger_outcomes_total", "outcome"))
        .doesNotContain("user-42");
  }

  @Test
  void syncOp_clientSuppliedLabels_fallIntoOther() {
    metrics.syncOp("allergies", "applied");
    metrics.syncOp("<script>", "applied");
    metrics.syncOp("profile", "exploded");
    Exposition e = scrape();
    assertThat(e.sum("foodlens_sync_ops_total", Map.of("entity", "allergies",
        "status", "applied"))).isEqualTo(1);
    assertThat(e.sum("foodlens_sync_ops_total", Map.of("entity", "other",
        "status", "applied"))).isEqualTo(1);
    assertThat(e.sum("foodlens_sync_ops_total", Map.of("entity", "profile",
        "status", "other"))).isEqualTo(1);
    assertThat(e.labelValues("foodlens_sync_ops_total", "entity")).doesNotContain("<script>");
  }

  @Test
  void clientStats_recordedIntoHistogramBuckets() {
    metrics.clientStats(3, 42.0);
    metrics.clientStats(700, 90_000);
    Exposition e = scrape();
    assertThat(e.sum("foodlens_client_queue_depth_count", Map.of())).isEqualTo(2);
    assertThat(e.sum("foodlens_client_queue_depth_bucket", Map.of("le", "5.0"))).isEqualTo(1);
    assertThat(e.sum("foodlens_client_oldest_pending_seconds_bucket", Map.of("le", "60.0")))
        .isEqualTo(1);
    assertThat(e.sum("foodlens_client_oldest_pending_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(2);
  }

  @Test
  void watchAutoResolved_exposesTheCounterItKeeps_underItsName() {
    LwwAutoResolved resolved = new LwwAutoResolved();
    metrics.watch(resolved);
    assertThat(scrape().sum(LwwAutoResolved.METRIC, Map.of())).isZero();
    AllergyOp.Add add = AllergyOp.add("peanut", null, 0L,
        new Stamp(1, "d2", UUID.randomUUID()), 2, MergeMode.LAST_WRITER_WINS);
    AllergyOp.Remove remove = AllergyOp.remove("peanut", 0L,
        new Stamp(2, "d1", UUID.randomUUID()), 3, MergeMode.LAST_WRITER_WINS);
    resolved.record("r1", "u1", new AutoDecision(remove, add));
    assertThat(scrape().sum(LwwAutoResolved.METRIC, Map.of())).isEqualTo(1);
  }

  @Test
  void watchToggles_writesPausedFollowsTheLiveCopy_perEntity() {
    LiveToggles toggles = new LiveToggles();
    metrics.watch(toggles);
    assertThat(scrape().labelValues("foodlens_writes_paused", "entity"))
        .containsExactlyInAnyOrderElementsOf(Toggles.ENTITIES);
    assertThat(scrape().sum("foodlens_writes_paused", Map.of())).isZero();
    toggles.offer(new Toggles(false, true, Set.of("allergies"), 1));
    Exposition one = scrape();
    assertThat(one.sum("foodlens_writes_paused", Map.of("entity", "allergies"))).isEqualTo(1);
    assertThat(one.sum("foodlens_writes_paused", Map.of())).isEqualTo(1);
    toggles.offer(new Toggles(true, true, 2));
    assertThat(scrape().sum("foodlens_writes_paused", Map.of()))
        .isEqualTo(Toggles.ENTITIES.size());
    toggles.offer(new Toggles(false, true, 3));
    assertThat(scrape().sum("foodlens_writes_paused", Map.of())).isZero();
  }

  @Test
  void refusals_countedByReason_everyReasonAtZeroFirst() {
    assertThat(scrape().labelValues("foodlens_unavailable_responses_total", "reason"))
        .containsExactlyInAnyOrder("writes-paused", "unavailable", "overload", "timeout");
    metrics.refused(Refusal.OVERLOAD);
    metrics.refused(Refusal.OVERLOAD);
    metrics.refused(Refusal.WRITES_PAUSED);
    Exposition e = scrape();
    assertThat(e.sum("foodlens_unavailable_responses_total", Map.of("reason", "overload")))
        .isEqualTo(2);
    assertThat(e.sum("foodlens_unavailable_responses_total", Map.of("reason", "writes-paused")))
        .isEqualTo(1);
    assertThat(e.sum("foodlens_unavailable_responses_total", Map.of("reason", "timeout")))
        .isZero();
  }

  @Test
  void httpResponses_countedByRouteTemplateMethodAndCode_inFlightBackToZero() {
    metrics.httpBegan("PATCH");
    metrics.httpBegan("BREW");
    assertThat(scrape().sum("vertx_http_server_active_requests", Map.of("method", "PATCH")))
        .isEqualTo(1);
    metrics.httpResponded("/me/profile", "PATCH", 200, 3_000_000);
    metrics.httpResponded(null, "BREW", 404, 1_000_000);
    Exposition e = scrape();
    assertThat(e.sum("vertx_http_server_active_requests", Map.of())).isZero();
    assertThat(e.sum("vertx_http_server_requests_total", Map.of("route", "/me/profile",
        "method", "PATCH", "code", "200"))).isEqualTo(1);
    assertThat(e.sum("vertx_http_server_requests_total", Map.of("route", "unmatched",
        "method", "OTHER", "code", "404"))).isEqualTo(1);
    assertThat(e.sum("vertx_http_server_response_time_seconds_bucket", Map.of(
        "route", "/me/profile", "le", "0.005"))).isEqualTo(1);
    assertThat(e.sum("vertx_http_server_response_time_seconds_count", Map.of())).isEqualTo(2);
  }
}
