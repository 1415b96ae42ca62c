package dev.foodlens.sync.ops;

import dev.foodlens.sync.crdt.AutoDecision;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every remove-versus-add pair that last-writer-wins settled because the manual-merge gate was
 * off (contract §4): one log line each, and a count that {@link Metrics} exposes as
 * {@value #METRIC}. Called only after the deciding write committed, so a rolled-back write is
 * neither logged nor counted. Thread-safe.
 */
public final class LwwAutoResolved {
  public static final String METRIC = "foodlens_lww_auto_resolved_total";
  private static final Logger LOG = LoggerFactory.getLogger(LwwAutoResolved.class);

  private final LongAdder total = new LongAdder();

  public void record(String requestId, String userId, AutoDecision decision) {
    total.increment();
    LOG.atInfo()
        .addKeyValue("http.request.id", requestId)
        .addKeyValue("user.id", userId)
        .addKeyValue("allergen", decision.allergen())
        .addKeyValue("decision", decision.decision().name().toLowerCase(Locale.ROOT))
        .addKeyValue("pair_id", decision.id().toString())
        .addKeyValue("remove_op_id", decision.remove().opId().toString())
        .addKeyValue("add_op_id", decision.add().opId().toString())
        .log("allergy remove and add settled by last-writer-wins");
  }

  /** How many pairs were settled since this gateway started. */
  public long total() {
    return total.sum();
  }
}
