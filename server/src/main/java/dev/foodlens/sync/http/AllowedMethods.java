package dev.foodlens.sync.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Allow} header of a 405 (RFC 9110 §15.5.6) and the route template of a request
 * refused before routing, read off the router's own routes so they can never disagree with what
 * is mounted.
 */
final class AllowedMethods {
  private record Entry(Pattern path, Set<HttpMethod> methods, String template) {}

  private final List<Entry> entries = new ArrayList<>();

  AllowedMethods(Router router) {
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
        String regex = Pattern.quote(route.getPath()).replaceAll(":[A-Za-z0-9_]+",
            "\\\\E[^/]+\\\\Q");
        entries.add(new Entry(Pattern.compile(regex), route.methods(), route.getPath()));
      }
    }
  }

  /** The methods some route serves on {@code path}, comma-separated, sorted. */
  String allow(String path) {
    Set<String> names = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.path().matcher(path).matches()) {
        entry.methods().forEach(m -> names.add(m.name()));
      }
    }
    return String.join(", ", names);
  }

  /**
   * The template of the route that serves {@code method} on {@code path}, null when none does:
   * for a request the edge refused before routing (shed, paused), so that its meters and access
   * line name the route it was for. Error paths only: a scan of every route.
   */
  @Nullable String template(HttpMethod method, String path) {
    for (Entry entry : entries) {
      if (entry.methods().contains(method) && entry.path().matcher(path).matches()) {
        return entry.template();
      }
    }
    return null;
  }
}
