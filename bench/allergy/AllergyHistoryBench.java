import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one allergy write costs as a user's allergy history grows (issue 13). Not a test: it
 * prints numbers. No dependencies: {@code java bench/allergy/AllergyHistoryBench.java ...}.
 *
 * <pre>
 *   seed    PORT SECRET SIZES USERS   push SIZES[i] prior allergy ops to USERS users per size
 *   measure PORT SECRET SIZES USERS [LABEL]   three rounds of one POST /me/allergies per user;
 *                                      the first warms up, the other two are timed
 * </pre>
 *
 * SIZES is comma-separated (10,1000,10000). The history spreads over 100 allergens (at most
 * 100 ops each, the default quota), adds and removes alternating, one remove in seven blind to
 * the last 50 ops so that conflicts open. Requests go one at a time on one connection.
 */
public class AllergyHistoryBench {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    String secret = args[2];
    int[] sizes = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    int users = Integer.parseInt(args[4]);
    if (args[0].equals("seed")) {
      for (int size : sizes) {
        for (int u = 0; u < users; u++) {
          seed(port, token(secret, user(size, u)), size);
        }
        System.out.printf("seeded %d users with %d allergy ops each%n", users, size);
      }
      return;
    }
    String label = args.length > 5 ? args[5] : "one write";
    System.out.println("| prior ops | " + label + ": median / max ms |");
    System.out.println("|---:|---:|");
    for (int size : sizes) {
      // round 0 warms the JIT and, where sets are kept, loads them; rounds 1 and 2 are timed
      double[] timed = new double[2 * users];
      for (int round = 0; round < 3; round++) {
        for (int u = 0; u < users; u++) {
          double ms = write(port, token(secret, user(size, u)), "other-m" + round);
          if (round > 0) {
            timed[(round - 1) * users + u] = ms;
          }
        }
      }
      System.out.printf("| %,d | %.2f / %.2f |%n", size, median(timed), max(timed));
    }
  }

  static String user(int size, int u) {
    return "allergy-bench-" + size + "-" + u;
  }

  static void seed(int port, String token, int size) throws Exception {
    for (int done = 0; done < size; ) {
      int batch = Math.min(500, size - done);
      StringBuilder ops = new StringBuilder();
      for (int j = done; j < done + batch; j++) {
        String allergen = String.format("other-h%02d", j % 100);
        boolean add = (j / 100) % 2 == 0;
        String observed = !add && j % 7 == 0 ? ",\"observedVersion\":" + Math.max(0, j - 50) : "";
        ops.append(ops.length() == 0 ? "" : ",").append("{\"opId\":\"").append(UUID.randomUUID())
            .append("\",\"entity\":\"allergies\",\"action\":\"").append(add ? "add" : "remove")
            .append('"').append(add ? "" : ",\"target\":\"" + allergen + "\"")
            .append(",\"payload\":").append(add
                ? "{\"allergen\":\"" + allergen + "\",\"severity\":\"mild\"}" : "{}")
            .append(observed).append(",\"clientTs\":\"2026-11-24T10:00:00Z\"}");
      }
      String body = "{\"deviceId\":\"bench\",\"ops\":[" + ops + "]}";
      HttpResponse<String> r = HTTP.send(request(port, "/me/sync/push", token)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || r.body().contains("\"rejected\"")) {
        throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
      }
      done += batch;
    }
  }

  /** One add of a new allergen; answers the milliseconds it took. */
  static double write(int port, String token, String allergen) throws Exception {
    HttpRequest request = request(port, "/me/allergies", token)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"allergen\":\"" + allergen + "\",\"severity\":\"mild\"}")).build();
    long start = System.nanoTime();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - start) / 1e6;
    if (r.statusCode() != 200) {
      throw new IllegalStateException("write answered " + r.statusCode() + ": " + r.body());
    }
    return ms;
  }

  static HttpRequest.Builder request(int port, String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  static String token(String secret, String user) throws Exception {
    String claims = "{\"sub\":\"" + user + "\",\"aud\":\"foodlens\",\"exp\":"
        + (Instant.now().getEpochSecond() + 3600) + "}";
    String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8)) + "."
        + b64(claims.getBytes(UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(UTF_8)));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
