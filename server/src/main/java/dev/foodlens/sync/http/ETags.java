package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import io.vertx.ext.web.RoutingContext;

/** Answers a GET from a rendered resource: {@code ETag}, and 304 on a matching If-None-Match. */
final class ETags {
  private ETags() {}

  static void send(RoutingContext ctx, ResourceCache.Rendered rendered) {
    String etag = rendered.etag();
    ctx.response().putHeader("ETag", etag);
    if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    Responses.send(ctx, 200, rendered.body());
  }

  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
