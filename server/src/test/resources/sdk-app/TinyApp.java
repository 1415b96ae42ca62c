import dev.foodlens.sync.client.FoodLensSync;
import dev.foodlens.sync.client.SyncStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An app as small as an app gets, compiled and run by SdkAppIT against the client artifact and
 * its own dependencies only: sign in, write offline-first, sync, print what the device shows.
 * Arguments: gateway URI, bearer token, SQLite file.
 */
public final class TinyApp {
  public static void main(String[] args) throws Exception {
    try (FoodLensSync sync = FoodLensSync.builder().baseUri(URI.create(args[0]))
        .tokens(user -> args[1]).deviceId("tiny-app").storePath(Path.of(args[2]))
        .autoSync(false).build()) {
      sync.signIn("tiny-user");
      sync.patchProfile(Map.of("displayName", "Tiny"));
      SyncStatus status = sync.syncNow().get(60, TimeUnit.SECONDS);
      System.out.println("queue " + status.queueDepth() + " profile " + sync.profile());
    }
  }
}
