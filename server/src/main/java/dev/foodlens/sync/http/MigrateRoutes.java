package dev.foodlens.sync.http;

import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.MigrationChunk;
import dev.foodlens.sync.model.MigrationInput;
import dev.foodlens.sync.model.MigrationTally;
import dev.foodlens.sync.store.AllergyJson;
import dev.foodlens.sync.store.PgMigrationStore;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /me/migrate} and {@code GET /me/migrate} (contract §6): the client hands over its
 * legacy local store in chunks, each an idempotent write with its own key; the last one says
 * {@code complete}. The body limit is {@code http.migrateBodyLimit} (8 MiB).
 */
final class MigrateRoutes {
  private final Deps deps;
  private final MigrationInput input;

  private MigrateRoutes(Deps deps) {
    this.deps = deps;
    this.input = new MigrationInput(deps.profile(), deps.settings());
  }

  static void mount(Router router, Deps deps) {
    MigrateRoutes routes = new MigrateRoutes(deps);
    router.get("/me/migrate").handler(deps.authn()::handle).handler(routes::status);
    router.post("/me/migrate").handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(Bodies.reader(deps.migrateBodyLimit())).handler(routes::migrate);
  }

  private void status(RoutingContext ctx) {
    String userId = Authn.userId(ctx);
    deps.scope().read(userId, c -> deps.migrations().status(c, userId))
        .onSuccess(s -> Responses.send(ctx, 200, state(s).toBuffer()))
        .onFailure(ctx::fail);
  }

  /** A parsed and validated body and its fingerprint, made off the event loop when large. */
  private record Parsed(Map<String, @Nullable Object> body, Fingerprint fingerprint,
      Optional<MigrationChunk> chunk, List<FieldError> errors) {}

  /**
   * A body up to {@code http.bodyLimit} is parsed and validated on the event loop; a larger one
   * (up to 8 MiB) on a worker, as is the merge of a chunk beyond {@code limits.inlineWork}
   * records.
   */
  private void migrate(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Buffer raw = ctx.body().buffer();
    boolean large = raw != null && raw.length() > deps.bodyLimit();
    Callable<Parsed> parse = () -> parse(ctx);
    (large ? deps.worker().offload(parse) : deps.worker().run(0, parse))
        .onSuccess(parsed -> migrate(ctx, key, parsed))
        .onFailure(ctx::fail);
  }

  /**
   * The body, and the chunk when it fits the quota; a call over the quota is refused before
   * the ledger, and nothing is stored.
   */
  private Parsed parse(RoutingContext ctx) {
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    int records = MigrationInput.records(body);
    if (records > deps.migrateRecords()) {
      throw new ProblemException(ProblemType.QUOTA_EXCEEDED, "this call carries " + records
          + " records; send at most " + deps.migrateRecords() + " per call",
          List.of(new FieldError("records", "at most " + deps.migrateRecords()
              + " records per call; send the rest in further calls")));
    }
    List<FieldError> errors = new ArrayList<>();
    Optional<MigrationChunk> chunk = input.chunk(body, Year.now(deps.clock()).getValue(), errors);
    return new Parsed(body, Writes.fingerprint(ctx, body), chunk, errors);
  }

  private void migrate(RoutingContext ctx, UUID key, Parsed parsed) {
    try {
      deps.authn().admission().charge(ctx, MigrationInput.records(parsed.body()) - 1);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    String userId = Authn.userId(ctx);
    Function<SqlConnection, Future<StoredAnswer>> effect = parsed.chunk().isEmpty()
        ? Writes.refused(Problems.outcome(ctx, ProblemType.VALIDATION_FAILED,
            "the migration call breaks the schema", parsed.errors()))
        : tx -> deps.migrations().migrate(tx, userId, key, parsed.chunk().get(), mode(),
            Instant.now(deps.clock())).map(m -> answer(ctx, userId, m));
    Writes.execute(ctx, deps, key, parsed.fingerprint(), effect);
  }

  private StoredAnswer answer(RoutingContext ctx, String userId, PgMigrationStore.Migrated m) {
    MigrationTally totals = m.status().totals();
    JsonObject body = new JsonObject()
        .put("imported", counts(totals.imported()))
        .put("skipped", counts(totals.skipped()))
        .put("invalid", counts(totals.invalid()))
        .put("migration", state(m.status()).put("state", m.status().state()));
    String requestId = RequestIds.requestId(ctx);
    return new StoredAnswer(200, body.toBuffer().getBytes(),
        () -> Publisher.publish(deps, requestId, userId, m.state()));
  }

  /** {@code {"state", "completedAt"?, "source"?}}. */
  private static JsonObject state(PgMigrationStore.Status status) {
    JsonObject json = new JsonObject().put("state", status.state());
    Instant at = status.completedAt();
    if (at != null) {
      json.put("completedAt", AllergyJson.timestamp(at.getEpochSecond() * 1_000_000L
          + at.getNano() / 1_000L));
    }
    if (status.source() != null) {
      json.put("source", status.source());
    }
    return json;
  }

  private static JsonObject counts(Map<String, Integer> counts) {
    return new JsonObject(new LinkedHashMap<>(counts));
  }

  private MergeMode mode() {
    return deps.toggles().current().manualMerge() ? MergeMode.MANUAL : MergeMode.LAST_WRITER_WINS;
  }
}
