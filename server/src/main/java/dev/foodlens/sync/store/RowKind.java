package dev.foodlens.sync.store;

import static dev.foodlens.sync.store.Unnest.Col.BYTEA;
import static dev.foodlens.sync.store.Unnest.Col.INT4;
import static dev.foodlens.sync.store.Unnest.Col.INT8;
import static dev.foodlens.sync.store.Unnest.Col.JSON;
import static dev.foodlens.sync.store.Unnest.Col.TEXT;
import static dev.foodlens.sync.store.Unnest.Col.TIMESTAMPTZ;
import static dev.foodlens.sync.store.Unnest.Col.UUID;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements a user's transaction writes rows with, one multi-row statement per kind
 * ({@link Unnest}), in the order they reach Postgres: a tag is inserted before a later op of the
 * same write tombstones it, and a history entry before a later op updates or tombstones it.
 * Change-feed rows follow all of them.
 *
 * <p>A row is collected as (user id, columns…). Kinds that update a row a later op of the same
 * write may update again keep one row per key: a set-based {@code UPDATE} or {@code ON CONFLICT
 * DO UPDATE} applies one source row per target, where a batch applied them in turn.
 */
enum RowKind {
  ALLERGY_OP("allergies/insert_ops", Keep.ALL,
      UUID, INT8, INT8, TEXT, TEXT, TEXT, INT8, TEXT, UUID, TEXT, INT8, TEXT),
  ALLERGY_TAG("allergies/insert_tags", Keep.ALL, UUID, TEXT, TEXT, INT8),
  ALLERGY_TOMBSTONE("allergies/tombstone_tags", Keep.LAST, UUID, INT8, UUID, TEXT),
  ALLERGY_CONFLICT("allergies/upsert_conflicts", Keep.LAST,
      UUID, TEXT, UUID, UUID, TEXT, TEXT, INT8, INT8),
  ALLERGY_AUTO_DECISION("allergies/insert_auto_decisions", Keep.FIRST,
      UUID, TEXT, TEXT, UUID, UUID, INT8),
  ALLERGY_SNAPSHOT("allergies/upsert_snapshots", Keep.ALL, INT8, INT4, TEXT),
  HISTORY_INSERT("history/insert_entries", Keep.ALL, UUID, TIMESTAMPTZ, TEXT, TEXT, TEXT, JSON,
      TEXT, INT8, TEXT, UUID, INT8, TEXT, UUID, INT8, BYTEA),
  HISTORY_UPDATE("history/update_entries", Keep.LAST,
      UUID, TEXT, INT8, TEXT, UUID, TEXT, INT8, TEXT, UUID, INT8),
  HISTORY_TOMBSTONE("history/tombstone_entries", Keep.LAST, UUID, INT8),
  FIELD("fields/upsert_fields", Keep.LAST, 2,
      TEXT, TEXT, JSON, INT8, TEXT, UUID, TIMESTAMPTZ, INT8);

  /** Which rows of one key a write sends; the key is the first {@code keyWidth} columns. */
  enum Keep {
    /** Every row: the kind only inserts, and keys are unique by construction. */
    ALL,
    /** The last row of each key: what applying them in turn leaves. */
    LAST,
    /** The first row of each key: the statement ignores a row whose key exists. */
    FIRST
  }

  final String path;
  private final Keep keep;
  private final int keyWidth;
  private final Unnest.Col[] columns;

  RowKind(String path, Keep keep, Unnest.Col... columns) {
    this(path, keep, 1, columns);
  }

  RowKind(String path, Keep keep, int keyWidth, Unnest.Col... columns) {
    this.path = path;
    this.keep = keep;
    this.keyWidth = keyWidth;
    this.columns = columns;
  }

  /** The arguments of this kind's statement for {@code rows}, all of user {@code userId}. */
  Tuple arguments(String userId, List<Tuple> rows) {
    return Unnest.columns(userId, sent(rows), 1, columns);
  }

  private List<Tuple> sent(List<Tuple> rows) {
    if (keep == Keep.ALL || rows.size() < 2) {
      return rows;
    }
    Map<List<Object>, Tuple> byKey = new LinkedHashMap<>();
    for (Tuple row : rows) {
      List<Object> key = new ArrayList<>(keyWidth);
      for (int c = 1; c <= keyWidth; c++) {
        key.add(row.getValue(c));
      }
      if (keep == Keep.LAST) {
        byKey.put(key, row);
      } else {
        byKey.putIfAbsent(key, row);
      }
    }
    return byKey.size() == rows.size() ? rows : new ArrayList<>(byKey.values());
  }
}
