package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.model.FieldSchema;
import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.ops.LwwAutoResolved;
import dev.foodlens.sync.ops.Metrics;
import dev.foodlens.sync.store.IdempotentWrites;
import dev.foodlens.sync.store.PgAllergyStore;
import dev.foodlens.sync.store.PgChangeFeed;
import dev.foodlens.sync.store.PgFeedReader;
import dev.foodlens.sync.store.PgFieldStore;
import dev.foodlens.sync.store.PgHistoryStore;
import dev.foodlens.sync.store.PgInspector;
import dev.foodlens.sync.store.PgMigrationStore;
import dev.foodlens.sync.store.PgPushStore;
import dev.foodlens.sync.store.PgReport;
import dev.foodlens.sync.store.PgToggleStore;
import dev.foodlens.sync.store.UserScope;
import dev.foodlens.sync.store.Worker;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;

/**
 * What the routes need, built once in {@code Main} and shared by every HTTP verticle instance.
 * All members are thread-safe.
 */
public record Deps(
    Pool pool,
    UserScope scope,
    Authn authn,
    IdempotentWrites writes,
    PgFieldStore fields,
    PgChangeFeed changeFeed,
    PgFeedReader feed,
    PgInspector inspector,
    PgReport report,
    PgAllergyStore allergies,
    PgHistoryStore history,
    PgPushStore push,
    PgMigrationStore migrations,
    PgToggleStore toggleStore,
    LiveToggles toggles,
    LwwAutoResolved autoResolved,
    ResourceCache cache,
    FieldSchema profile,
    FieldSchema settings,
    Clock clock,
    int bodyLimit,
    int migrateBodyLimit,
    int migrateRecords,
    Worker worker,
    Duration requestTimeout,
    Metrics metrics,
    Drain drain,
    Console console) {}
