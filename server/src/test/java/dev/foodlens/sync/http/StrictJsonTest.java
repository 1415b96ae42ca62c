package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract §1 / issue 12 item 9: what the ledger fingerprints is what a strict client sent.
 * Duplicate members, comments and overlong UTF-8 are 400 malformed-json and change nothing.
 */
class StrictJsonTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(StrictJsonTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private final String token = TestTokens.user("strict-" + UUID.randomUUID());

  private HttpResponse<Buffer> patch(byte[] body) {
    return gw.writeRequest(HttpMethod.PATCH, "/me/profile", token, UUID.randomUUID())
        .sendBuffer(Buffer.buffer(body)).await();
  }

  private void assertRefusedAndNothingStored(byte[] body) {
    ErrorTableTest.assertProblem(patch(body), 400, "malformed-json");
    assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields"))
        .as(new String(body, UTF_8)).isEmpty();
  }

  @Test
  void duplicateMemberNames_400() {
    assertRefusedAndNothingStored(
        "{\"fields\":{\"displayName\":\"Ana\",\"displayName\":\"Bo\"}}".getBytes(UTF_8));
    assertRefusedAndNothingStored(
        "{\"fields\":{\"locale\":\"de\"},\"fields\":{\"locale\":\"fr\"}}".getBytes(UTF_8));
  }

  @Test
  void comments_400() {
    assertRefusedAndNothingStored(
        "{\"fields\":{/* c */\"displayName\":\"Ana\"}}".getBytes(UTF_8));
    assertRefusedAndNothingStored(
        "{\"fields\":{\"displayName\":\"Ana\"}} // c".getBytes(UTF_8));
    assertRefusedAndNothingStored("# c\n{\"fields\":{}}".getBytes(UTF_8));
  }

  @Test
  void overlongOrSurrogateUtf8_400_neverASlash() {
    byte[] prefix = "{\"fields\":{\"avatarUrl\":\"https://a.example".getBytes(UTF_8);
    byte[] suffix = "x.png\"}}".getBytes(UTF_8);
    for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80,
        (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}}) {
      byte[] body = new byte[prefix.length + bad.length + suffix.length];
      System.arraycopy(prefix, 0, body, 0, prefix.length);
      System.arraycopy(bad, 0, body, prefix.length, bad.length);
      System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
      assertRefusedAndNothingStored(body);
    }
  }

  @Test
  void deepNesting_400() {
    String deep = "[".repeat(Bodies.MAX_DEPTH + 1) + "]".repeat(Bodies.MAX_DEPTH + 1);
    assertRefusedAndNothingStored(("{\"fields\":{\"displayName\":" + deep + "}}")
        .getBytes(UTF_8));
  }

  @Test
  void wellFormedUnicode_isAccepted() {
    HttpResponse<Buffer> r = patch("{\"fields\":{\"displayName\":\"Zoë 🍑 名前\"}}"
        .getBytes(UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonObject("fields").getString("displayName"))
        .isEqualTo("Zoë 🍑 名前");
  }
}
