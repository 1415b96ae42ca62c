package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The envelope rules of {@code POST /me/sync/push}. A broken envelope refuses the whole batch:
 * without a valid op id an op cannot be answered, deduplicated or stored on its own. Everything
 * inside a well-formed op is checked later, op by op ({@link OpInput}).
 */
public final class PushInput {
  /** The {@code X-Device-Id} rule of contract §2. */
  public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final List<String> STATS = List.of("queueDepth", "oldestPendingSeconds",
      "failed");

  private PushInput() {}

  /** {@code {"deviceId", "ops": [...], "clientStats"?}}; empty when it reported errors. */
  public static Optional<PushBatch> batch(Map<String, ?> body, List<FieldError> errors) {
    int before = errors.size();
    body.keySet().stream().filter(k -> !Set.of("deviceId", "ops", "clientStats").contains(k))
        .sorted().forEach(k -> errors.add(new FieldError(k, "is not a known member")));
    Object device = body.get("deviceId");
    if (!(device instanceof String d && DEVICE_ID.matcher(d).matches())) {
      errors.add(new FieldError("deviceId", "is required: 1-128 characters of A-Z, a-z, 0-9, "
          + "'.', '_' and '-'"));
    }
    List<PushOp> ops = ops(body.get("ops"), errors);
    Optional<PushBatch.ClientStats> stats = body.get("clientStats") == null
        ? Optional.empty() : stats(body.get("clientStats"), errors);
    return errors.size() > before ? Optional.empty()
        : Optional.of(new PushBatch((String) requireNonNull(device), ops, stats));
  }

  private static List<PushOp> ops(@Nullable Object raw, List<FieldError> errors) {
    if (!(raw instanceof List<?> list) || list.isEmpty() || list.size() > PushBatch.MAX_OPS) {
      errors.add(new FieldError("ops", "must be an array of 1 to " + PushBatch.MAX_OPS
          + " ops"));
      return List.of();
    }
    List<PushOp> ops = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String path = "ops[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> op)) {
        errors.add(new FieldError(path, "must be an object"));
      } else if (!(op.get("opId") instanceof String id && Uuids.parse(id).isPresent())) {
        errors.add(new FieldError(path + ".opId", "is required: a UUID made by the client"));
      } else {
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> members = (Map<String, @Nullable Object>) op;
        ops.add(new PushOp(i, UUID.fromString(id), members));
      }
    }
    return ops;
  }

  private static Optional<PushBatch.ClientStats> stats(Object raw, List<FieldError> errors) {
    if (!(raw instanceof Map<?, ?> map)) {
      errors.add(new FieldError("clientStats", "must be an object"));
      return Optional.empty();
    }
    int before = errors.size();
    map.keySet().stream().map(String::valueOf).filter(k -> !STATS.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError("clientStats." + k, "is not a known member")));
    long[] values = new long[STATS.size()];
    for (int i = 0; i < STATS.size(); i++) {
      Object value = map.get(STATS.get(i));
      boolean whole = value instanceof Integer || value instanceof Long;
      if (value instanceof Number n && whole && n.longValue() >= 0) {
        values[i] = n.longValue();
      } else {
        errors.add(new FieldError("clientStats." + STATS.get(i),
            "is required: a non-negative integer"));
      }
    }
    return errors.size() > before ? Optional.empty()
        : Optional.of(new PushBatch.ClientStats(values[0], values[1], values[2]));
  }
}
