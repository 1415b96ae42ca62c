import dev.foodlens.sync.client.FoodLensSync;
import dev.foodlens.sync.client.HistoryPage;
import dev.foodlens.sync.client.LiveValue;
import dev.foodlens.sync.client.Scan;
import dev.foodlens.sync.client.Subscription;
import dev.foodlens.sync.client.Verdict;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's history observer on a device holding N pulled scans (issue 15: first page under 5 ms
 * at 10,000). Seeds a store as the release before the versioned schema wrote it (so opening it
 * also times the migration that indexes the history), then times, for the signed-in user: the
 * observer's first page (subscribe to first delivery), historyPage() cold and warm, the same
 * with 100 offline scans queued on top, and the whole history() list the old API rebuilt.
 * Usage: bench/sdk/run [N]
 */
public final class SdkHistoryBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("foodlens-sdk-bench");
    Path store = dir.resolve("device.db");
    seed(store, n);
    long t0 = System.nanoTime();
    try (FoodLensSync sync = FoodLensSync.builder().baseUri(URI.create("http://127.0.0.1:9"))
        .tokens(user -> "unused").deviceId("bench").storePath(store).autoSync(false).build()) {
      double open = ms(t0);
      sync.signIn("bench");
      BlockingQueue<LiveValue<HistoryPage>> pages = new ArrayBlockingQueue<>(16);
      long s0 = System.nanoTime();
      Subscription sub = sync.observeHistory(null, 50, Runnable::run, pages::add);
      HistoryPage first = pages.poll(60, TimeUnit.SECONDS).value();
      double observed = ms(s0);
      sub.close();
      long c0 = System.nanoTime();
      sync.historyPage(first.nextCursor(), 50);
      double cold = ms(c0);
      double[] warm = median(() -> sync.historyPage(null, 50));
      double[] deep = median(() -> sync.historyPage(first.nextCursor(), 50));
      long w0 = System.nanoTime();
      Subscription again = sync.observeHistory(null, 50, Runnable::run, pages::add);
      pages.poll(60, TimeUnit.SECONDS);
      double observedWarm = ms(w0);
      again.close();
      for (int i = 0; i < 100; i++) {
        sync.createScan(Scan.builder().productName("offline " + i).verdict(Verdict.SAFE)
            .build());
      }
      double[] withQueue = median(() -> sync.historyPage(null, 50));
      long f0 = System.nanoTime();
      List<Scan> all = sync.history();
      double full = ms(f0);
      System.out.printf("sdk history, %,d pulled scans (%,d listed), page of 50, load %.1f:%n", n,
          all.size(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
      System.out.printf("  open + migrate the unversioned store  %8.2f ms%n", open);
      System.out.printf("  observeHistory: first page delivered  %8.2f ms%n", observed);
      System.out.printf("  observeHistory again (warm JIT)        %8.2f ms%n", observedWarm);
      System.out.printf("  historyPage, second page, first call  %8.2f ms%n", cold);
      System.out.printf("  historyPage, first page  (best/median) %8.2f / %.2f ms%n", warm[0],
          warm[1]);
      System.out.printf("  historyPage, second page (best/median) %8.2f / %.2f ms%n", deep[0],
          deep[1]);
      System.out.printf("  same, 100 offline ops queued (b/m)     %8.2f / %.2f ms%n",
          withQueue[0], withQueue[1]);
      System.out.printf("  history() whole list (the old read)   %8.2f ms%n", full);
    }
  }

  private static void seed(Path store, int n) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE snapshot (user_id TEXT NOT NULL, entity TEXT NOT NULL, key TEXT "
          + "NOT NULL, value TEXT NOT NULL, PRIMARY KEY (user_id, entity, key))");
      s.execute("CREATE TABLE sync_state (user_id TEXT PRIMARY KEY, checkpoint TEXT, "
          + "server_version INTEGER NOT NULL DEFAULT 0, last_sync_at INTEGER, "
          + "failures INTEGER NOT NULL DEFAULT 0, retry_at INTEGER)");
      c.setAutoCommit(false);
      Instant base = Instant.parse("2025-01-01T00:00:00Z");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO snapshot VALUES ('bench', 'history', ?, ?)")) {
        for (int i = 0; i < n; i++) {
          String id = UUID.randomUUID().toString();
          ps.setString(1, id);
          ps.setString(2, "{\"deleted\":false,\"entry\":{\"id\":\"" + id + "\",\"scannedAt\":\""
              + base.plusSeconds(i * 37L) + "\",\"barcode\":\"" + (4000000 + i)
              + "\",\"productName\":\"Product " + i + "\",\"verdict\":\"safe\","
              + "\"allergensDetected\":[\"peanut\"],\"note\":null}}");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      s.execute("INSERT INTO sync_state VALUES ('bench', 'c1.d1.bench', " + n + ", 0, 0, NULL)");
      c.commit();
    }
  }

  /** {best, median} of 201 calls, ms: the best is the cost with no other process in the way. */
  private static double[] median(Runnable call) {
    double[] ms = new double[201];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      call.run();
      ms[i] = ms(t);
    }
    Arrays.sort(ms);
    return new double[] {ms[0], ms[ms.length / 2]};
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
