package dev.foodlens.sync.http;

import dev.foodlens.sync.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;

/** One user's blocking calls to {@code /me/history}, for the history tests. */
record HistoryClient(TestGateway gw, String token) {
  static JsonObject entry(UUID id, String scannedAt) {
    return new JsonObject().put("id", id.toString()).put("scannedAt", scannedAt)
        .put("barcode", "8354846504794").put("productName", "Granola bar")
        .put("verdict", "unsafe").put("allergensDetected", new JsonArray().add("peanut"))
        .put("note", "kid liked it");
  }

  HttpResponse<Buffer> create(JsonObject body) {
    return create(UUID.randomUUID(), body);
  }

  HttpResponse<Buffer> create(UUID key, JsonObject body) {
    return gw.write(HttpMethod.POST, "/me/history", token, key, body.encode());
  }

  HttpResponse<Buffer> patch(UUID id, String device, String json) {
    return gw.writeRequest(HttpMethod.PATCH, "/me/history/" + id, token, UUID.randomUUID())
        .putHeader("X-Device-Id", device).sendBuffer(Buffer.buffer(json)).await();
  }

  HttpResponse<Buffer> delete(UUID id) {
    return delete(UUID.randomUUID(), id);
  }

  HttpResponse<Buffer> delete(UUID key, UUID id) {
    return gw.writeRequest(HttpMethod.DELETE, "/me/history/" + id, token, key).send().await();
  }

  HttpResponse<Buffer> list(String query) {
    return gw.get("/me/history" + query, token);
  }
}
