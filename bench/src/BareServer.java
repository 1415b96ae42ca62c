import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference of the read benchmarks: a bare Vert.x HTTP handler (no router, no auth) that
 * answers every request with the same status, headers and body bytes the gateway answers.
 * Usage: BareServer PORT BODY_FILE ETAG [INSTANCES]
 */
public final class BareServer extends AbstractVerticle {
  private final int port;
  private final Buffer body;
  private final String etag;

  private BareServer(int port, Buffer body, String etag) {
    this.port = port;
    this.body = body;
    this.etag = etag;
  }

  @Override
  public void start() {
    vertx.createHttpServer()
        .requestHandler(req -> req.response()
            .putHeader("ETag", etag)
            .putHeader("Content-Type", "application/json")
            .end(body))
        .listen(port)
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(2);
        });
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
    String etag = args[2];
    int instances = args.length > 3 ? Integer.parseInt(args[3])
        : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BareServer(port, body, etag),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("bare server on " + port + " x" + instances))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(2);
        });
  }
}
