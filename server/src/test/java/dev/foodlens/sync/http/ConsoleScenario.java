package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;

/**
 * The workload the console's tests read (issue 18): one user whose two devices disagree. The
 * phone adds peanut while the tablet, which never saw that add, removes it: an open conflict.
 * Both rename the profile, the tablet last, so the phone's op loses last-writer-wins. The
 * tablet also sends a profile op the schema refuses, a REST call is refused the same way, and a
 * legacy migration imports records and skips a bad one. Both devices report their queues.
 */
record ConsoleScenario(String user, UUID addOp, UUID removeOp, UUID phoneRename,
    UUID tabletRename, UUID refusedOp, UUID migrateOp) {
  static final String PHONE = "phone-a";
  static final String TABLET = "tablet-b";

  static ConsoleScenario run(TestGateway gw) {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    UUID addOp = UUID.randomUUID();
    UUID removeOp = UUID.randomUUID();
    UUID phoneRename = UUID.randomUUID();
    UUID tabletRename = UUID.randomUUID();
    UUID refusedOp = UUID.randomUUID();
    PushClient phone = new PushClient(gw, token, PHONE);
    PushClient tablet = new PushClient(gw, token, TABLET);

    JsonArray first = new JsonArray()
        .add(PushClient.op(addOp, "allergies", "add", null,
            new JsonObject().put("allergen", "peanut").put("severity", "severe"))
            .put("observedVersion", 0))
        .add(rename(phoneRename, "Ana"));
    assertApplied(phone.send(batch(PHONE, first, 2, 30)), 2);
    JsonArray second = new JsonArray()
        .add(PushClient.op(removeOp, "allergies", "remove", "peanut", new JsonObject())
            .put("observedVersion", 0))
        .add(rename(tabletRename, "Ana B."))
        .add(PushClient.op(refusedOp, "profile", "patch", null,
            new JsonObject().put("fields", new JsonObject().put("birthYear", 1500))));
    JsonArray results = assertApplied(tablet.send(batch(TABLET, second, 14, 900)), 3);
    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("conflict");
    assertThat(results.getJsonObject(2).getString("status")).isEqualTo("rejected");

    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"birthYear\":1400}}").statusCode())
        .isEqualTo(422);
    UUID migrateOp = UUID.randomUUID();
    HttpResponse<Buffer> migrated = gw.write(HttpMethod.POST, "/me/migrate", token, migrateOp,
        "{\"source\":\"legacy-v1\",\"deviceId\":\"" + PHONE + "\","
            + "\"complete\":true,\"records\":{\"settings\":{\"units\":\"metric\"},"
            + "\"allergies\":[{\"allergen\":\"sesame\",\"severity\":null}],"
            + "\"history\":[{\"bogus\":true}]}}");
    assertThat(migrated.statusCode()).as(migrated.bodyAsString()).isEqualTo(200);
    return new ConsoleScenario(user, addOp, removeOp, phoneRename, tabletRename, refusedOp,
        migrateOp);
  }

  private static JsonObject rename(UUID opId, String name) {
    return PushClient.op(opId, "profile", "patch", null,
        new JsonObject().put("fields", new JsonObject().put("displayName", name)));
  }

  private static JsonObject batch(String device, JsonArray ops, int depth, int oldest) {
    return new JsonObject().put("deviceId", device).put("ops", ops).put("clientStats",
        new JsonObject().put("queueDepth", depth).put("oldestPendingSeconds", oldest)
            .put("failed", 0));
  }

  private static JsonArray assertApplied(HttpResponse<Buffer> response, int ops) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
    assertThat(results).hasSize(ops);
    return results;
  }
}
