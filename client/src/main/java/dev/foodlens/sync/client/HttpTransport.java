package dev.foodlens.sync.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} over java.net.http, HTTP/1.1, no redirects. */
final class HttpTransport implements Transport {
  private final HttpClient client;
  private final Duration timeout;

  HttpTransport(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
  }

  @Override
  public Response send(Request request) throws IOException {
    HttpRequest.BodyPublisher body = request.body() == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(request.body());
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout)
        .method(request.method(), body);
    request.headers().forEach(builder::header);
    try {
      HttpResponse<byte[]> response = client.send(builder.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + request.uri());
    }
  }
}
