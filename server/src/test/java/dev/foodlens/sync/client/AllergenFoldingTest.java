package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 8: one folding of allergen names on the SDK, the gateway and the migration, so
 * a name becomes one code wherever it is written, and a name the gateway would refuse is refused
 * at the SDK's call. Real gateway and Postgres.
 */
class AllergenFoldingTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static URI direct;
  final Devices devices = new Devices();

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(AllergenFoldingTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    direct = sdk.direct();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  static List<String> serverAllergens(String user) {
    JsonObject body = gw.get("/me/allergies", TestTokens.user(user)).bodyAsJsonObject();
    return body.getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("allergen")).toList();
  }

  @Test
  void sdkWrites_foldLikeTheGateway_anUnknownNameIsRefusedAtTheCall() {
    String user = "u-" + UUID.randomUUID();
    try (FoodLensSync phone = devices.device(direct, "phone-1", user)) {
      phone.addAllergy("Peanuts", Severity.SEVERE);
      phone.addAllergy("Tree nuts", null);
      phone.addAllergy("peanut", Severity.SEVERE);
      assertThatThrownBy(() -> phone.addAllergy("Kiwi", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a known allergen").hasMessageContaining("other-<name>");
      assertThatThrownBy(() -> Severity.of("deadly"))
          .isInstanceOf(IllegalArgumentException.class);
      phone.addAllergy("other-kiwi", Severity.MILD);
      assertThat(phone.pendingOps()).hasSize(4);
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("other-kiwi", "peanut", "tree-nut");

      Devices.sync(phone);

      assertThat(phone.failedOps()).isEmpty();
      assertThat(serverAllergens(user)).containsExactly("other-kiwi", "peanut", "tree-nut");
      phone.removeAllergy("PEANUTS");
      Devices.sync(phone);
      assertThat(serverAllergens(user)).containsExactly("other-kiwi", "tree-nut");
      assertThat(phone.conflicts()).isEmpty();
    }
  }

  @Test
  void detectedAllergens_foldLikeTheGateway_onTheDeviceAndTheServer() {
    String user = "u-" + UUID.randomUUID();
    try (FoodLensSync phone = devices.device(direct, "phone-1", user)) {
      Scan scan = new Scan(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z"), "1",
          "Biscuit", Verdict.UNSAFE, List.of("Peanuts", "Kiwi", " peanut", "Tree nuts"), null);
      phone.createScan(scan);
      assertThat(phone.history().get(0).allergensDetected())
          .containsExactly("peanut", "other-kiwi", "tree-nut");
      assertThatThrownBy(() -> phone.createScan(new Scan(UUID.randomUUID(), Instant.now(), null,
          null, Verdict.SAFE, List.of("?!"), null))).isInstanceOf(IllegalArgumentException.class);

      Devices.sync(phone);

      assertThat(phone.failedOps()).isEmpty();
      JsonObject stored = gw.get("/me/history", TestTokens.user(user)).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(stored.getJsonArray("allergensDetected"))
          .containsExactly("peanut", "other-kiwi", "tree-nut");
      assertThat(phone.history().get(0).allergensDetected())
          .containsExactly("peanut", "other-kiwi", "tree-nut");
    }
  }

  @Test
  void gatewayRest_foldsTheSameWay_andRefusesAnUnknownName() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    var folded = gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\": \" Tree_Nuts \"}");
    assertThat(folded.statusCode()).as(folded.bodyAsString()).isEqualTo(200);
    var unknown = gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\": \"kiwi\"}");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.bodyAsJsonObject().getString("type")).endsWith("/validation-failed");
    assertThat(unknown.bodyAsString()).contains("is not a known allergen");
    assertThat(serverAllergens(user)).containsExactly("tree-nut");
  }

  @Test
  void migration_foldsLegacyNamesTheSameWay_theSdkThenAddsNoSecondCode() throws IOException {
    String user = "u-" + UUID.randomUUID();
    Path legacy = Files.createDirectories(devices.dir().resolve("legacy-" + user));
    Files.writeString(legacy.resolve("allergies.json"),
        "[\"Peanuts\", \" Tree nuts \", \"Kiwi\", \"peanut\"]");
    Files.writeString(legacy.resolve("history.jsonl"), "{\"localId\": 1, \"ts\": 1690001234567,"
        + " \"code\": \"1\", \"name\": \"Biscuit\", \"result\": \"UNSAFE\", \"found\": "
        + "[\"Groundnuts\", \"Sesame seeds\"], \"memo\": \"\"}\n");
    try (FoodLensSync phone = devices.builder(direct, "phone-1", devices.store("m-" + user))
        .legacyStore(legacy).build()) {
      phone.signIn(user);
      Devices.sync(phone);
      assertThat(serverAllergens(user)).containsExactly("other-kiwi", "peanut", "tree-nut");
      JsonObject scan = gw.get("/me/history", TestTokens.user(user)).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(scan.getJsonArray("allergensDetected")).containsExactly("peanut", "sesame");

      phone.addAllergy("PEANUTS", Severity.SEVERE);
      phone.addAllergy("Other kiwi", null);
      Devices.sync(phone);
      assertThat(serverAllergens(user)).containsExactly("other-kiwi", "peanut", "tree-nut");
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("other-kiwi", "peanut", "tree-nut");
    }
  }
}
