import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The failover drill's client: writes scans through every gateway at once, each with its own
 * Idempotency-Key and entry id, until the file STOP appears in the work folder; then retries every
 * write that was not acknowledged, with its key, as a device's queue would, and writes
 * acked.txt (the ids the gateways acknowledged, first try or retry), sent.txt (every id) and
 * responses.csv (epoch ms, gateway, status) for the drill to check against the new primary.
 *
 * <p>Usage: java FailoverLoad.java WORKDIR TOKEN THREADS_PER_GATEWAY BASE_URL...
 */
public class FailoverLoad {
  record Write(UUID key, UUID id, String body) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String token = args[1];
    int threads = Integer.parseInt(args[2]);
    List<String> gateways = List.of(args).subList(3, args.length);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Map<UUID, Write> unacked = new ConcurrentHashMap<>();
    Map<UUID, Boolean> acked = new ConcurrentHashMap<>();
    List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (String gateway : gateways) {
      for (int t = 0; t < threads; t++) {
        Thread worker = new Thread(() -> {
          while (!stop.get()) {
            UUID id = UUID.randomUUID();
            Write w = new Write(UUID.randomUUID(), id, "{\"id\":\"" + id
                + "\",\"scannedAt\":\"2026-11-24T10:00:00Z\",\"verdict\":\"safe\"}");
            sent.add(id.toString());
            int status = send(http, gateway, token, w);
            log.add(System.currentTimeMillis() + "," + gateway + "," + status);
            if (status / 100 == 2) {
              acked.put(id, true);
            } else {
              unacked.put(id, w);
              sleep(100);
            }
          }
        });
        worker.start();
        workers.add(worker);
      }
    }
    while (!Files.exists(work.resolve("STOP"))) {
      sleep(200);
    }
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    long retryUntil = System.currentTimeMillis() + 120_000;
    int round = 0;
    while (!unacked.isEmpty() && System.currentTimeMillis() < retryUntil) {
      for (Write w : List.copyOf(unacked.values())) {
        int status = send(http, gateways.get(round++ % gateways.size()), token, w);
        if (status / 100 == 2) {
          unacked.remove(w.id());
          acked.put(w.id(), true);
        }
      }
      sleep(500);
    }
    Files.write(work.resolve("sent.txt"), sent);
    Files.write(work.resolve("acked.txt"), acked.keySet().stream().map(UUID::toString).toList());
    Files.write(work.resolve("responses.csv"), log);
    System.out.printf("sent %d, acknowledged %d (after retries), never acknowledged %d%n",
        sent.size(), acked.size(), unacked.size());
  }

  static int send(HttpClient http, String gateway, String token, Write w) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/me/history"))
        .timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", w.key().toString())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(w.body())).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
