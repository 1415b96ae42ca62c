package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 12: the SDK learns the settings schema's defaults from the gateway, so a key
 * cleared (the feed carries null) or never set reads what {@code GET /me/settings} shows, on the
 * device that cleared it and on another. Real gateway and Postgres.
 */
class SettingsDefaultsTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static URI direct;
  final Devices devices = new Devices();

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(SettingsDefaultsTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    direct = sdk.direct();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  static Map<String, Object> serverSettings(String user) {
    return gw.get("/me/settings", TestTokens.user(user)).bodyAsJsonObject()
        .getJsonObject("fields").getMap();
  }

  @Test
  void aClearedKey_readsTheDefaultTheServerShows_onEveryDevice() {
    String user = "u-" + UUID.randomUUID();
    try (FoodLensSync phone = devices.device(direct, "phone-1", user);
        FoodLensSync tablet = devices.device(direct, "tablet-1", user)) {
      phone.patchSettings(Map.of("units", "imperial", "language", "pt-BR", "strictMode", true));
      Devices.sync(phone);
      Devices.sync(tablet);
      assertThat(tablet.settings()).containsEntry("units", "imperial")
          .isEqualTo(serverSettings(user));

      Map<String, Object> clear = new HashMap<>();
      clear.put("units", null);
      clear.put("language", null);
      clear.put("strictMode", null);
      phone.patchSettings(clear);
      assertThat(phone.settings()).as("offline, before the push")
          .containsEntry("units", "metric").containsEntry("strictMode", false)
          .containsEntry("language", null);
      Devices.sync(phone);
      Devices.sync(tablet);

      Map<String, Object> server = serverSettings(user);
      assertThat(server).containsEntry("units", "metric").containsEntry("theme", "system")
          .containsEntry("notifications.scanReminders", true);
      assertThat(phone.settings()).isEqualTo(server);
      assertThat(tablet.settings()).isEqualTo(server);
    }
  }

  @Test
  void aNewDevice_afterItsFirstPull_listsEveryKeyWithItsDefault() {
    String user = "u-" + UUID.randomUUID();
    try (FoodLensSync phone = devices.device(direct, "phone-1", user)) {
      Devices.sync(phone);
      assertThat(phone.settings()).isEqualTo(serverSettings(user)).hasSize(7);
    }
  }
}
