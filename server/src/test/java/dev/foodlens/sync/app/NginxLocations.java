package dev.foodlens.sync.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code location} blocks of an nginx config and nginx's documented choice among them
 * (ngx_http_core_module): the path is decoded, slashes merged and dot segments resolved; an
 * exact {@code =} match wins; else the longest prefix, final when marked {@code ^~}; else the
 * first matching regex; else that longest prefix. No nginx is installed here to ask instead.
 */
final class NginxLocations {
  private static final Pattern LOCATION =
      Pattern.compile("location\\s+(=|\\^~|~\\*|~)?\\s*(\\S+)\\s*\\{([^}]*)}");

  private record Location(String modifier, String pattern, String body) {}

  private final List<Location> locations = new ArrayList<>();

  NginxLocations(String config) {
    Matcher m = LOCATION.matcher(config);
    while (m.find()) {
      locations.add(new Location(m.group(1) == null ? "" : m.group(1), m.group(2), m.group(3)));
    }
  }

  /** The body of the location block nginx would serve {@code uri} from. */
  String select(String uri) {
    String path = normalise(uri);
    Location longest = null;
    for (Location l : locations) {
      if (l.modifier().equals("=") && l.pattern().equals(path)) {
        return l.body();
      }
      if ((l.modifier().isEmpty() || l.modifier().equals("^~")) && path.startsWith(l.pattern())
          && (longest == null || l.pattern().length() > longest.pattern().length())) {
        longest = l;
      }
    }
    if (longest != null && longest.modifier().equals("^~")) {
      return longest.body();
    }
    for (Location l : locations) {
      int flags = l.modifier().equals("~*") ? Pattern.CASE_INSENSITIVE : 0;
      if (l.modifier().startsWith("~") && Pattern.compile(l.pattern(), flags).matcher(path)
          .find()) {
        return l.body();
      }
    }
    return longest == null ? "" : longest.body();
  }

  static String normalise(String uri) {
    String path = URLDecoder.decode(uri.split("\\?", 2)[0].replace("+", "%2B"), UTF_8);
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/+", -1)) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.equals(".") && !segment.isEmpty()) {
        segments.addLast(segment);
      }
    }
    boolean directory = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
    String joined = "/" + String.join("/", segments);
    return directory && !joined.equals("/") ? joined + "/" : joined;
  }
}
