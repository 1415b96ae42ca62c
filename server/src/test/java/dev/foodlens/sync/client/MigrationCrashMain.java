package dev.foodlens.sync.client;

import dev.foodlens.sync.testing.TestTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client process for the legacy scenario: it opens a store whose legacy records were already
 * read in (and edited offline), syncs (cycle after cycle), and once the gateway has answered
 * migration chunk N (so the answer is not recorded yet) prints {@code MIGRATING} and hangs until
 * the test SIGKILLs it. Args: store file, legacy folder, gateway URI, user id, device id, N.
 */
public final class MigrationCrashMain {
  private MigrationCrashMain() {}

  public static void main(String[] args) throws Exception {
    int hangAfter = Integer.parseInt(args[5]);
    int[] chunks = {0};
    Transport http = Transport.http(Duration.ofSeconds(10));
    Transport hangAfterAnswer = request -> {
      Transport.Response response = http.send(request);
      if (request.method().equals("POST") && request.uri().getPath().equals("/me/migrate")
          && ++chunks[0] == hangAfter) {
        System.out.println("MIGRATING");
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return response;
    };
    FoodLensSync client = FoodLensSync.builder().baseUri(URI.create(args[2])).deviceId(args[4])
        .storePath(Path.of(args[0])).legacyStore(Path.of(args[1])).autoSync(false)
        .tokens(TestTokens::user).transport(hangAfterAnswer).build();
    client.signIn(args[3]);
    // a cycle that met a 503 or a 429 (a loaded machine) ends early: go on until chunk N
    while (true) {
      client.syncNow().get();
      Thread.sleep(100);
    }
  }
}
