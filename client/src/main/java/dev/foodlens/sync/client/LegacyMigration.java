package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * First-login migration of the legacy-v1 folder. The folder belongs to the first user who signs
 * in on the device (recorded once, in {@code device_meta}); no other user ever migrates it.
 *
 * <p>At that sign-in the folder is read once into the device as {@code POST /me/migrate} bodies
 * ({@link MigrationChunks}): the first with profile, settings and allergies, each with up to
 * {@code migrationChunk} history entries, the last marked {@code complete}. Reads show them at
 * once, offline. They are the head of the queue: no op is pushed while a chunk is pending, so an
 * edit of a legacy record never reaches the server before the record. Before sending, the server
 * is asked ({@code GET /me/migrate}); when it holds the migration complete (another device, an
 * earlier install) nothing is sent. Each chunk's key is derived from its body, so a resend after
 * a crash or a cut answer replays, and a reinstall's or another device's chunks never collide.
 * Failed sends follow the queue's backoff; a permanent refusal ends the migration as failed
 * and lets the queue go on.
 */
final class LegacyMigration {
  static final String OWNER = "legacy.owner";
  /**
   * Where SDKs before the chunk table recorded a finished migration: such a store must not
   * show the folder again (the server's later edits, removes included, are what counts).
   */
  private static final String EARLIER_SDK_STATE = "migration.state";

  private final ClientContext ctx;
  private final ImportedAllergens allergens;

  LegacyMigration(ClientContext ctx) {
    this.ctx = ctx;
    this.allergens = new ImportedAllergens(ctx.db());
  }

  /** The version an allergy op about {@code allergen} observes through this device's import. */
  long observed(String userId, String allergen) {
    return allergens.observed(userId, allergen);
  }

  /** Whether this user owns the device's legacy folder (claiming it if nobody does yet). */
  boolean owns(String userId) {
    Path folder = ctx.options().legacyStore();
    if (folder == null || !Files.isDirectory(folder)) {
      return false;
    }
    return userId.equals(ctx.db().tx(d -> Meta.claimDevice(d, OWNER, userId)));
  }

  SyncStatus.Migration progress(String userId) {
    SyncStatus.Migration progress = ctx.db().lookup(d -> MigrationChunks.progress(d, userId));
    return progress == null ? SyncStatus.Migration.NONE : progress;
  }

  /** Reads the owner's folder into the device, once: from then on reads show its records. */
  void prepare(String userId) {
    if (ctx.db().lookup(d -> MigrationChunks.progress(d, userId)) != null || !owns(userId)) {
      return;
    }
    if ("complete".equals(ctx.db().lookup(d -> Meta.user(d, userId, EARLIER_SDK_STATE)))) {
      ctx.db().run(d -> {
        MigrationChunks.progress(d, userId, new SyncStatus.Migration(
            SyncStatus.Migration.State.COMPLETE, 0, 0, 0, 0, 0, Map.of(), Map.of(), null, null));
      });
      return;
    }
    LegacyRecords records = LegacyReader.read(java.util.Objects.requireNonNull(
        ctx.options().legacyStore()), userId);
    List<ObjectNode> chunks = chunks(records);
    SyncStatus.Migration progress = new SyncStatus.Migration(SyncStatus.Migration.State.PENDING,
        0, chunks.size(), records.history().size(), records.report().badLines(),
        records.report().duplicateLines(), Map.of(), Map.of(), null, null);
    boolean stored = ctx.db().tx(d -> {
      if (MigrationChunks.progress(d, userId) != null) {
        return false;
      }
      MigrationChunks.store(d, userId, chunks);
      MigrationChunks.progress(d, userId, progress);
      return true;
    });
    if (stored) {
      ctx.events().emit(SyncEvent.migration(SyncEvent.Type.MIGRATION_STARTED, userId, progress));
    }
  }

  /** Sends what is pending; true when nothing holds the queue back any more. */
  boolean run(String userId) {
    List<MigrationChunks.Chunk> pending = ctx.db().tx(d -> MigrationChunks.pending(d, userId));
    if (pending.isEmpty() && (!allergens.owed(userId)
        || progress(userId).state() == SyncStatus.Migration.State.FAILED)) {
      return true;
    }
    if (ctx.waiting(userId)) {
      return false;
    }
    try {
      if (!pending.isEmpty() && !send(userId, pending)) {
        return false;
      }
      if (allergens.owed(userId) && !cover(userId)) {
        return false;
      }
      ctx.online(userId, true);
      return true;
    } catch (ConnectException e) {
      ctx.online(userId, false);
      return later(userId, null, "migrate: offline: " + e.getMessage(), false);
    } catch (IOException e) {
      return later(userId, null, "migrate: no complete answer: " + e,
          ClientContext.answerLost(e));
    }
  }

  private boolean send(String userId, List<MigrationChunks.Chunk> pending) throws IOException {
    Api.Answer state = ctx.api().get(userId, "/me/migrate");
    if (state.status() != 200) {
      return refused(userId, state);
    }
    if (state.body().path("state").asText().equals("complete")) {
      answered(userId, null, state.body());
      return true;
    }
    for (MigrationChunks.Chunk chunk : pending) {
      if (chunk.index() == 0 && !allergens.noted(userId)) {
        JsonNode held = allergies(userId);
        if (held == null) {
          return false;
        }
        allergens.note(userId, chunk.json(), held);
      }
      Api.Answer answer = ctx.api().post(userId, "/me/migrate", chunk.key(userId), chunk.json());
      if (answer.status() != 200) {
        return refused(userId, answer);
      }
      boolean complete = answered(userId, chunk, answer.body());
      if (chunk.index() == 0 && allergens.owed(userId) && !cover(userId)) {
        return false;
      }
      if (complete) {
        break;
      }
    }
    return true;
  }

  /** {@code GET /me/allergies} for {@link ImportedAllergens}; null when refused. */
  private @Nullable JsonNode allergies(String userId) throws IOException {
    Api.Answer answer = ctx.api().get(userId, "/me/allergies");
    if (answer.status() != 200) {
      refused(userId, answer);
      return null;
    }
    return answer.body();
  }

  /** Right after chunk 0 (or after a crash in between, later): see {@link ImportedAllergens}. */
  private boolean cover(String userId) throws IOException {
    JsonNode now = allergies(userId);
    if (now == null) {
      return false;
    }
    allergens.cover(userId, now);
    return true;
  }

  /**
   * Records an answer ({@code chunk} null: the server's state said complete before anything was
   * sent); true when the migration is complete on the server.
   */
  private boolean answered(String userId, MigrationChunks.@Nullable Chunk chunk, JsonNode body) {
    JsonNode migration = body.has("migration") ? body.path("migration") : body;
    boolean complete = migration.path("state").asText().equals("complete");
    SyncStatus.Migration before = progress(userId);
    int done = complete ? before.chunksTotal() : before.chunksDone() + 1;
    Instant at = migration.hasNonNull("completedAt")
        ? Instant.parse(migration.get("completedAt").asText()) : null;
    SyncStatus.Migration after = new SyncStatus.Migration(complete
        ? SyncStatus.Migration.State.COMPLETE : SyncStatus.Migration.State.PENDING, done,
        before.chunksTotal(), before.historyEntries(), before.badLines(), before.duplicateLines(),
        body.has("imported") ? MigrationChunks.counts(body.path("imported")) : before.imported(),
        body.has("skipped") ? MigrationChunks.counts(body.path("skipped")) : before.skipped(),
        at, null);
    ctx.db().run(d -> {
      if (chunk != null) {
        MigrationChunks.answered(d, userId, chunk.index());
      }
      if (complete) {
        MigrationChunks.answerAll(d, userId);
      }
      MigrationChunks.progress(d, userId, after);
      // an answered send ends the run of consecutive failures, as a push answered 200 does
      SyncState.load(d, userId).succeeded(ctx.now()).save(d, userId);
    });
    ctx.events().emit(SyncEvent.migration(complete ? SyncEvent.Type.MIGRATION_COMPLETE
        : SyncEvent.Type.MIGRATION_PROGRESS, userId, after));
    if (complete) {
      readOnly(ctx.options().legacyStore());
    }
    return complete;
  }

  /** A non-200 answer: transient ones wait for the backoff, the others fail the migration. */
  private boolean refused(String userId, Api.Answer answer) {
    int status = answer.status();
    Problem problem = Problem.of(answer.body(), status);
    String why = "migrate: " + status + " " + problem.slug();
    if (status == 401 || status == 408 || status == 409 || status == 429 || status >= 500) {
      return later(userId, answer.retryAfter(), why, false);
    }
    SyncStatus.Migration before = progress(userId);
    SyncStatus.Migration failed = new SyncStatus.Migration(SyncStatus.Migration.State.FAILED,
        before.chunksDone(), before.chunksTotal(), before.historyEntries(), before.badLines(),
        before.duplicateLines(), before.imported(), before.skipped(), null, problem);
    ctx.db().run(d -> {
      MigrationChunks.failAll(d, userId);
      MigrationChunks.progress(d, userId, failed);
    });
    ctx.error(why);
    ctx.events().emit(SyncEvent.migration(SyncEvent.Type.MIGRATION_FAILED, userId, failed));
    return true;
  }

  private boolean later(String userId, java.time.@Nullable Duration retryAfter, String why,
      boolean answerLost) {
    ctx.failedSend(userId, retryAfter, answerLost);
    ctx.error(why);
    return false;
  }

  /** A pull completed after the answers so far: reads stop overlaying those chunks. */
  void covered(String userId) {
    ctx.db().run(d -> MigrationChunks.cover(d, userId));
  }

  private List<ObjectNode> chunks(LegacyRecords records) {
    int size = ctx.options().migrationChunk();
    int count = Math.max(1, (records.history().size() + size - 1) / size);
    return Stream.iterate(0, i -> i + 1).limit(count).map(i -> {
      ObjectNode body = Json.object().put("source", "legacy-v1")
          .put("deviceId", ctx.options().deviceId()).put("complete", i == count - 1);
      ObjectNode recs = body.putObject("records");
      recs.set("profile", Json.of(i == 0 ? records.profile() : Map.of()));
      recs.set("settings", Json.of(i == 0 ? records.settings() : Map.of()));
      ArrayNode allergies = recs.putArray("allergies");
      if (i == 0) {
        records.allergies().forEach(a -> allergies.addObject().put("allergen", a)
            .putNull("severity"));
      }
      ArrayNode history = recs.putArray("history");
      records.history().subList(i * size, Math.min(records.history().size(), (i + 1) * size))
          .forEach(s -> history.add(s.toJson()));
      return body;
    }).toList();
  }

  private static void readOnly(@Nullable Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(f -> f.toFile().setWritable(false, false));
    } catch (IOException ignored) {
      // read-only is a courtesy: the SDK itself never writes there
    }
    folder.toFile().setWritable(false, false);
  }
}
