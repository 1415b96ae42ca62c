package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the next batch and writes its body. A batch is the oldest pending ops in queue order,
 * cut before an allergy op whose allergen an earlier op of the same batch touches: the later op
 * must name the earlier one's version as observed (else the server would see the user's own two
 * ops as concurrent and open a conflict), and that version is known only once it is confirmed.
 *
 * <p>A batch holds at most the user's current limit, {@link #MAX_OPS} unless a 500 split it: a
 * server that keeps failing a batch may be failing on one op of it, so each 500 on a batch of
 * several ops halves the limit (a bisection: at most nine halvings from 500 to 1), and each
 * batch the server answers doubles it back. The op the server cannot store thus ends alone, and
 * when it fails for good the limit is {@link #MAX_OPS} again. The limit is stored, so a restart
 * goes on bisecting.
 */
final class PushBatches {
  static final int MAX_OPS = 500;
  private static final String LIMIT = "push.batchLimit";

  private PushBatches() {}

  static int limit(Db db, String userId) {
    String stored = db.lookup(d -> Meta.user(d, userId, LIMIT));
    return stored == null ? MAX_OPS : Integer.parseInt(stored);
  }

  /** After a 500 on a batch of {@code size} ops: the next holds the first half of them. */
  static void split(Db db, String userId, int size) throws SQLException {
    Meta.user(db, userId, LIMIT, Integer.toString(Math.max(1, size / 2)));
  }

  /** After an answered batch. */
  static void grow(Db db, String userId) throws SQLException {
    int limit = limit(db, userId);
    if (limit < MAX_OPS) {
      Meta.user(db, userId, LIMIT, Integer.toString(Math.min(MAX_OPS, limit * 2)));
    }
  }

  /** After the op a bisection isolated failed for good. */
  static void reset(Db db, String userId) throws SQLException {
    Meta.user(db, userId, LIMIT, Integer.toString(MAX_OPS));
  }

  static List<OpRow> next(Db db, String userId, int max) throws SQLException {
    List<OpRow> batch = new ArrayList<>();
    Set<String> allergens = new HashSet<>();
    for (OpRow op : OpTable.pending(db, userId, max)) {
      if (op.isAllergy() && !allergens.add(op.target())) {
        break;
      }
      batch.add(op);
    }
    return batch;
  }

  static ObjectNode body(Db db, String deviceId, List<OpRow> batch, QueueHealth health,
      long nowMillis) throws SQLException {
    ObjectNode body = Json.object().put("deviceId", deviceId);
    ArrayNode ops = body.putArray("ops");
    for (OpRow op : batch) {
      ops.add(wire(db, op));
    }
    body.putObject("clientStats").put("queueDepth", health.depth())
        .put("oldestPendingSeconds", health.oldestSeconds(nowMillis))
        .put("failed", health.failed());
    return body;
  }

  private static ObjectNode wire(Db db, OpRow op) throws SQLException {
    ObjectNode json = Json.object().put("opId", op.opId().toString()).put("entity", op.entity())
        .put("action", op.action());
    if (op.wireTarget() != null) {
      json.put("target", op.wireTarget());
    }
    JsonNode payload = Json.parse(op.payload());
    json.set("payload", payload);
    if (op.isAllergy()) {
      long confirmed = OpTable.allergyVersionBefore(db, op.userId(), op.requiredTarget(),
          op.seq());
      long stored = op.observedVersion() == null ? 0 : op.observedVersion();
      json.put("observedVersion", Math.max(stored, confirmed));
    }
    return json.put("clientTs", op.clientTs());
  }
}
