package dev.foodlens.sync.http;

import dev.foodlens.sync.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builds push ops and sends batches for one user, for the push and sync tests. */
record PushClient(TestGateway gw, String token, String deviceId) {
  static final String CLIENT_TS = "2026-11-24T10:00:00.123456Z";

  static JsonObject op(UUID opId, String entity, String action, @Nullable String target,
      JsonObject payload) {
    JsonObject op = new JsonObject().put("opId", opId.toString()).put("entity", entity)
        .put("action", action).put("payload", payload).put("clientTs", CLIENT_TS);
    return target == null ? op : op.put("target", target);
  }

  static JsonObject profile(String displayName) {
    return op(UUID.randomUUID(), "profile", "patch", null,
        new JsonObject().put("fields", new JsonObject().put("displayName", displayName)));
  }

  static JsonObject addAllergy(String allergen) {
    return op(UUID.randomUUID(), "allergies", "add", null,
        new JsonObject().put("allergen", allergen).put("severity", "severe"));
  }

  static JsonObject createHistory(UUID id, String scannedAt) {
    return op(UUID.randomUUID(), "history", "create", null, HistoryClient.entry(id, scannedAt));
  }

  HttpResponse<Buffer> push(JsonArray ops) {
    return send(new JsonObject().put("deviceId", deviceId).put("ops", ops));
  }

  HttpResponse<Buffer> send(JsonObject body) {
    return gw.request(HttpMethod.POST, "/me/sync/push").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
  }
}
