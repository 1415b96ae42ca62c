package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * First-login migration of the legacy-v1 folder through {@code POST /me/migrate}. The folder
 * belongs to the first user who signs in on the device (recorded once, in {@code device_meta});
 * no other user ever migrates it. Its records go in chunks — the first with profile, settings
 * and allergies, every chunk with up to {@code migrationChunk} history entries, the last marked
 * {@code complete} — each under the key UUIDv5(user, chunk index). The index of the next chunk
 * is stored after each answer, so a crash resumes there; a chunk answered but not recorded is
 * simply sent again with its key and the server replays it. Once complete the folder is made
 * read-only and only read again through the fallback toggle.
 */
final class LegacyMigration {
  static final String OWNER = "legacy.owner";
  static final String NEXT = "migration.nextChunk";
  static final String STATE = "migration.state";
  static final String SUMMARY = "migration.summary";

  private final ClientContext ctx;

  LegacyMigration(ClientContext ctx) {
    this.ctx = ctx;
  }

  /** Whether this user owns the device's legacy folder (claiming it if nobody does yet). */
  boolean owns(String userId) {
    Path folder = ctx.options().legacyStore();
    if (folder == null || !Files.isDirectory(folder)) {
      return false;
    }
    return userId.equals(ctx.db().tx(d -> Meta.claimDevice(d, OWNER, userId)));
  }

  boolean complete(String userId) {
    return "complete".equals(ctx.db().tx(d -> Meta.user(d, userId, STATE)));
  }

  /** Sends what is left; true when the migration is complete (or there is none to do). */
  boolean run(String userId) throws IOException {
    if (!owns(userId) || complete(userId)) {
      return true;
    }
    Path folder = ctx.options().legacyStore();
    LegacyRecords records = LegacyReader.read(folder, userId);
    List<ObjectNode> chunks = chunks(records);
    String stored = ctx.db().tx(d -> Meta.user(d, userId, NEXT));
    for (int i = stored == null ? 0 : Integer.parseInt(stored); i < chunks.size(); i++) {
      Api.Answer answer = ctx.api().post(userId, "/me/migrate", Uuids.chunkKey(userId, i),
          chunks.get(i));
      if (answer.status() != 200) {
        ctx.error("migrate: " + answer.status() + " "
            + Problem.of(answer.body(), answer.status()).slug());
        return false;
      }
      int next = i + 1;
      boolean done = next == chunks.size();
      ctx.db().tx(d -> {
        Meta.user(d, userId, NEXT, Integer.toString(next));
        Meta.user(d, userId, SUMMARY, answer.body().toString());
        if (done) {
          Meta.user(d, userId, STATE, "complete");
        }
        return null;
      });
      ctx.events().emit(SyncEvent.of(SyncEvent.Type.MIGRATION, userId,
          done ? "complete" : "chunk " + next + " of " + chunks.size()));
    }
    readOnly(folder);
    return true;
  }

  private List<ObjectNode> chunks(LegacyRecords records) {
    int size = ctx.options().migrationChunk();
    int count = Math.max(1, (records.history().size() + size - 1) / size);
    return Stream.iterate(0, i -> i + 1).limit(count).map(i -> {
      ObjectNode body = Json.object().put("source", "legacy-v1")
          .put("deviceId", ctx.options().deviceId()).put("complete", i == count - 1);
      ObjectNode recs = body.putObject("records");
      recs.set("profile", Json.of(i == 0 ? records.profile() : java.util.Map.of()));
      recs.set("settings", Json.of(i == 0 ? records.settings() : java.util.Map.of()));
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
