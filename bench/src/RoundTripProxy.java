import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts round trips between the gateway and Postgres: a TCP proxy that counts, per connection,
 * every time the client starts sending again after the server has answered (a new client burst
 * after server bytes). A pipelined batch of statements is one burst, so it counts once.
 * Usage: RoundTripProxy LISTEN_PORT PG_PORT HTTP_PORT; GET http://127.0.0.1:HTTP_PORT/ answers
 * the running total.
 */
public final class RoundTripProxy {
  public static void main(String[] args) {
    int listen = Integer.parseInt(args[0]);
    int target = Integer.parseInt(args[1]);
    int http = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    AtomicLong trips = new AtomicLong();
    vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(target, "127.0.0.1").onSuccess(server -> {
        boolean[] serverSpoke = {true};
        client.handler(b -> {
          if (serverSpoke[0]) {
            trips.incrementAndGet();
            serverSpoke[0] = false;
          }
          server.write(b);
        });
        server.handler(b -> {
          serverSpoke[0] = true;
          client.write(b);
        });
        client.closeHandler(v -> server.close());
        server.closeHandler(v -> client.close());
        client.resume();
      }).onFailure(e -> client.close());
    }).listen(listen).onFailure(e -> System.exit(2));
    vertx.createHttpServer().requestHandler(req -> req.response().end(trips.get() + "\n"))
        .listen(http).onFailure(e -> System.exit(2));
  }
}
