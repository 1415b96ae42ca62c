package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Drains a user's queue through {@code POST /me/sync/push}, one batch at a time, in queue order.
 * How an answer moves the batch:
 * <ul>
 *   <li>200: each op by its result — applied/conflict → synced, rejected → failed with its
 *       problem; a duplicate by its original verdict (a duplicate of a rejection fails too);
 *   <li>408, 409, other 5xx, a timeout or a cut response → pending, one attempt spent, backoff;
 *   <li>429 and 503 with Retry-After → pending, no attempt spent, wait at least Retry-After;
 *   <li>no connection at all → pending, no attempt spent (nothing left the device), backoff;
 *   <li>a 500 on a batch of several ops → pending, nothing spent, backoff, and the next batches
 *       are half as long (see {@link PushBatches}): one op the server cannot store ends alone,
 *       spends its attempts and fails, while the others go through (502, 503 and 504 speak of
 *       an outage, not of an op: they never split a batch);
 *   <li>401 twice (the token was refreshed once) or no token → pending, nothing spent, backoff;
 *   <li>any other 4xx → every op of the batch failed with the problem.
 * </ul>
 * Backoff is per queue, not per op, so a later op never overtakes an earlier one.
 */
final class Pusher {
  private final ClientContext ctx;

  Pusher(ClientContext ctx) {
    this.ctx = ctx;
  }

  /** Sends until the queue is empty or must wait; true when it emptied. */
  boolean drain(String userId) {
    ctx.queue().expire(userId, ctx.options().retention());
    while (true) {
      if (ctx.waiting(userId)) {
        return false;
      }
      List<OpRow> batch = ctx.queue().take(userId, PushBatches.limit(ctx.db(), userId));
      if (batch.isEmpty()) {
        return true;
      }
      if (!send(userId, batch)) {
        return false;
      }
    }
  }

  private boolean send(String userId, List<OpRow> batch) {
    long now = ctx.clock().millis();
    JsonNode body = ctx.db().tx(d -> PushBatches.body(d, ctx.options().deviceId(), batch,
        OpTable.health(d, userId), now));
    Api.Answer answer;
    try {
      answer = ctx.api().post(userId, "/me/sync/push", null, body);
    } catch (Api.NoToken e) {
      return later(userId, batch, false, null, "no token");
    } catch (ConnectException e) {
      ctx.online(userId, false);
      return later(userId, batch, false, null, "offline: " + e.getMessage());
    } catch (IOException e) {
      return later(userId, batch, true, null, "no complete answer: " + e,
          ClientContext.answerLost(e));
    }
    ctx.online(userId, true);
    return answered(userId, batch, answer);
  }

  private boolean answered(String userId, List<OpRow> batch, Api.Answer answer) {
    int status = answer.status();
    if (status == 200) {
      results(batch, answer.body().path("results"));
      ctx.db().run(d -> {
        SyncState.load(d, userId).succeeded(ctx.clock().instant()).save(d, userId);
        PushBatches.grow(d, userId);
      });
      ctx.succeeded();
      return true;
    }
    String why = status + " " + Problem.of(answer.body(), status).slug();
    if ((status == 429 || status == 503) && answer.retryAfter() != null) {
      return later(userId, batch, false, answer.retryAfter(), why);
    }
    if (status == 500 && batch.size() > 1) {
      ctx.db().run(d -> PushBatches.split(d, userId, batch.size()));
      return later(userId, batch, false, answer.retryAfter(), why + ", batch split");
    }
    if (status == 500 && batch.get(0).attempts() + 1 >= ctx.options().backoff().maxAttempts()) {
      ctx.db().run(d -> PushBatches.reset(d, userId));
    }
    if (status == 401 || status == 408 || status == 409 || status >= 500) {
      return later(userId, batch, status != 401, answer.retryAfter(), why);
    }
    Problem problem = Problem.of(answer.body(), status);
    batch.forEach(op -> ctx.queue().fail(op, op.attempts(), problem));
    ctx.error(why);
    return true;
  }

  private void results(List<OpRow> batch, JsonNode results) {
    Map<UUID, JsonNode> byId = new HashMap<>();
    results.forEach(r -> byId.put(UUID.fromString(r.path("opId").asText()), r));
    for (OpRow op : batch) {
      JsonNode result = byId.get(op.opId());
      if (result == null) {
        ctx.queue().retryLater(List.of(op), true, ctx.options().backoff().maxAttempts(),
            "no result for the op");
      } else if (verdict(result).equals("rejected")) {
        ctx.queue().fail(op, op.attempts(), Problem.of(result.path("problem"), 422));
      } else {
        Long version = result.hasNonNull("version") ? result.get("version").asLong() : null;
        ctx.queue().synced(op, result.path("status").asText(), version);
      }
    }
  }

  /**
   * What the server decided for the op: a {@code duplicate} answers a resend whose first answer
   * was lost, and carries that first verdict, which stands (a rejection stays a rejection).
   */
  private static String verdict(JsonNode result) {
    String status = result.path("status").asText();
    return status.equals("duplicate") ? result.path("original").asText("applied") : status;
  }

  /** Back to pending, and the queue waits: jittered backoff, never less than Retry-After. */
  private boolean later(String userId, List<OpRow> batch, boolean counted,
      @Nullable Duration retryAfter, String why) {
    return later(userId, batch, counted, retryAfter, why, false);
  }

  private boolean later(String userId, List<OpRow> batch, boolean counted,
      @Nullable Duration retryAfter, String why, boolean answerLost) {
    ctx.queue().retryLater(batch, counted, ctx.options().backoff().maxAttempts(), why);
    ctx.failedSend(userId, retryAfter, answerLost);
    ctx.error(why);
    return false;
  }
}
