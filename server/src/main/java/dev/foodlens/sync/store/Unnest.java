package dev.foodlens.sync.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sends many rows as one statement: {@code INSERT … SELECT FROM unnest($2::uuid[], …)} or
 * {@code UPDATE … FROM unnest(…)}, so Postgres plans and executes a write's rows of one kind once,
 * not once per row as a batch of Bind/Execute does. The user id is the statement's {@code $1};
 * column {@code i} of every row becomes the array {@code $(i + 2)}.
 */
final class Unnest {
  private Unnest() {}

  /** How one column travels: the Java element type of its array and the value's conversion. */
  enum Col {
    TEXT(String.class, v -> (String) v),
    UUID(java.util.UUID.class, v -> (UUID) v),
    INT4(Integer.class, v -> ((Number) v).intValue()),
    INT8(Long.class, v -> ((Number) v).longValue()),
    TIMESTAMPTZ(OffsetDateTime.class, v -> (OffsetDateTime) v),
    BYTEA(Buffer.class, v -> (Buffer) v),
    /** A JSON value sent as its text; the statement casts it ({@code ::jsonb}). */
    JSON(String.class, Json::encode);

    final Class<?> type;
    final Function<Object, Object> convert;

    Col(Class<?> type, Function<Object, Object> convert) {
      this.type = type;
      this.convert = convert;
    }
  }

  /**
   * The arguments of one statement for {@code rows}: {@code userId}, then one array per column,
   * column {@code c} taken from each row's position {@code from + c}.
   */
  static Tuple columns(String userId, List<Tuple> rows, int from, Col... cols) {
    Tuple args = Tuple.of(userId);
    for (int c = 0; c < cols.length; c++) {
      Col col = cols[c];
      Object array = Array.newInstance(col.type, rows.size());
      for (int r = 0; r < rows.size(); r++) {
        Object value = rows.get(r).getValue(from + c);
        Array.set(array, r, value == null ? null : col.convert.apply(value));
      }
      args.addValue(array);
    }
    return args;
  }
}
