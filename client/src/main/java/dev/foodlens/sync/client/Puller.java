package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pull loop (docs/sync-protocol.md): {@code GET /me/sync?since=} page by page until
 * {@code hasMore} is false, each page applied with its checkpoint in one local transaction.
 * Without a checkpoint, or on {@code 410 checkpoint-expired} (or a {@code 422} that does not know
 * the checkpoint: a gateway rolled back to an older release), it bootstraps: the snapshot pages
 * are collected on the side and swapped in at the end, and the queue is left exactly as it was —
 * reads replay it on top of the new snapshot and the next push sends it.
 */
final class Puller {
  private final ClientContext ctx;
  private @Nullable Partial partial;

  private record Partial(String userId, List<JsonNode> changes, String checkpoint, int pages) {}

  Puller(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * A {@code 422} naming {@code since}: the server does not know the checkpoint's form (a gateway
   * rolled back to a release older than the one that issued it). Like a 410, bootstrap again.
   */
  private static boolean unknownCheckpoint(Api.Answer answer) {
    if (answer.status() != 422) {
      return false;
    }
    for (JsonNode error : answer.body().path("errors")) {
      if (error.path("field").asText().equals("since")) {
        return true;
      }
    }
    return false;
  }

  /** True when the user's snapshot is current. */
  boolean pull(String userId) {
    String checkpoint = ctx.db().tx(d -> SyncState.load(d, userId)).checkpoint();
    try {
      if (checkpoint == null) {
        return bootstrap(userId);
      }
      while (true) {
        Api.Answer answer = page(userId, checkpoint);
        if (answer.status() == 410 || unknownCheckpoint(answer)) {
          return bootstrap(userId);
        }
        if (answer.status() != 200) {
          return failed(userId, answer);
        }
        String next = answer.body().path("checkpoint").asText();
        List<JsonNode> changes = changes(answer.body());
        opened(userId, ctx.db().tx(d -> Snapshot.page(d, userId, changes, next, ctx.now())));
        checkpoint = next;
        if (!answer.body().path("hasMore").asBoolean()) {
          return pulled(userId, "changes");
        }
      }
    } catch (IOException e) {
      return offline(userId, e);
    }
  }

  /**
   * A bootstrap that a failure cut midway resumes from its last page (each page's checkpoint is
   * a valid {@code since}), so a flaky network does not restart a large snapshot from scratch.
   */
  private boolean bootstrap(String userId) throws IOException {
    Partial from = partial != null && partial.userId().equals(userId) ? partial : null;
    List<JsonNode> all = from == null ? new ArrayList<>() : from.changes();
    String checkpoint = from == null ? null : from.checkpoint();
    int pages = from == null ? 0 : from.pages();
    partial = null;
    ctx.bootstrap(new SyncStatus.Bootstrap(true, pages, all.size()));
    try {
      while (true) {
        Api.Answer answer = page(userId, checkpoint);
        if (answer.status() != 200) {
          return failed(userId, answer);
        }
        all.addAll(changes(answer.body()));
        checkpoint = answer.body().path("checkpoint").asText();
        ctx.bootstrap(new SyncStatus.Bootstrap(true, ++pages, all.size()));
        if (!answer.body().path("hasMore").asBoolean()) {
          break;
        }
        partial = new Partial(userId, all, checkpoint, pages);
      }
      partial = null;
    } finally {
      SyncStatus.Bootstrap last = ctx.bootstrap();
      ctx.bootstrap(new SyncStatus.Bootstrap(false, last.pages(), last.changes()));
    }
    String last = checkpoint;
    List<Conflict> opened = ctx.db().tx(d -> Snapshot.replace(d, userId, all, last,
        ctx.now()));
    ctx.events().emit(SyncEvent.of(SyncEvent.Type.BOOTSTRAPPED, userId,
        pages + " pages, " + all.size() + " changes"));
    opened(userId, opened);
    return pulled(userId, "bootstrap");
  }

  private Api.Answer page(String userId, @Nullable String since)
      throws IOException {
    String query = "/me/sync?limit=" + ctx.options().pageSize() + (since == null ? ""
        : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
    Api.Answer answer = ctx.api().get(userId, query);
    SettingsDefaults.learn(ctx.db(), answer);
    return answer;
  }

  private void opened(String userId, List<Conflict> conflicts) {
    conflicts.forEach(c -> ctx.events().emit(SyncEvent.opened(userId, c)));
  }

  private static List<JsonNode> changes(JsonNode body) {
    List<JsonNode> list = new ArrayList<>();
    body.path("changes").forEach(list::add);
    return list;
  }

  private boolean pulled(String userId, String what) {
    ctx.online(userId, true);
    ctx.events().emit(SyncEvent.of(SyncEvent.Type.PULLED, userId, what));
    return true;
  }

  private boolean failed(String userId, Api.Answer answer) {
    ctx.error("pull: " + answer.status() + " "
        + Problem.of(answer.body(), answer.status()).slug());
    backoff(userId, answer.retryAfter(), false);
    return false;
  }

  private boolean offline(String userId, IOException e) {
    if (e instanceof ConnectException) {
      ctx.online(userId, false);
    }
    ctx.error("pull: " + e);
    backoff(userId, null, ClientContext.answerLost(e));
    return false;
  }

  /** The next cycle comes after the backoff, not a whole pull interval later (once a cycle). */
  private void backoff(String userId, @Nullable Duration retryAfter, boolean answerLost) {
    if (!ctx.waiting(userId)) {
      ctx.failedSend(userId, retryAfter, answerLost);
    }
  }
}
