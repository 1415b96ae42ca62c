package dev.foodlens.sync.client;

import dev.foodlens.sync.testing.TestTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client process for cell 5: it queues three ops, pushes them, and once the gateway has
 * answered (so the ops are still {@code sending} in its store) prints {@code ANSWERED} and hangs
 * until the test SIGKILLs it. Args: store file, gateway URI, user id.
 */
public final class ClientCrashMain {
  private ClientCrashMain() {}

  public static void main(String[] args) throws Exception {
    Transport http = Transport.http(Duration.ofSeconds(10));
    Transport hangAfterAnswer = request -> {
      Transport.Response response = http.send(request);
      if (request.uri().getPath().equals("/me/sync/push")) {
        System.out.println("ANSWERED");
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return response;
    };
    FoodLensSync client = FoodLensSync.builder().baseUri(URI.create(args[1]))
        .deviceId("crashy-phone").storePath(Path.of(args[0])).autoSync(false)
        .tokens(TestTokens::user).transport(hangAfterAnswer).build();
    client.signIn(args[2]);
    List<QueuedOp> ops = List.of(client.patchProfile(Map.of("displayName", "Kim")),
        client.addAllergy("soy", null),
        client.createScan(new Scan(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z"),
            null, "Tofu", Verdict.UNSAFE, List.of("soy"), null)));
    ops.forEach(op -> System.out.println("OP " + op.opId()));
    System.out.flush();
    client.syncNow().get();
  }
}
