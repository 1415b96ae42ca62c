package dev.foodlens.sync.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where the database is, as an operator writes it: a libpq-style URI with one host or a list,
 * {@code postgresql://user:secret@h1:5432,h2:5433/foodlens?target_session_attrs=read-write
 * &sslmode=verify-full&sslrootcert=/etc/foodlens/pg-ca.pem} (contract §8). vertx-pg-client parses
 * one host only and drops {@code target_session_attrs} and the CA file (design §8), so this parses
 * the URI once and hands each consumer what it needs: the pool (through {@link PrimaryLocator}),
 * the migrator (a pgJDBC URL that follows the same list) and the cache listener alike.
 *
 * <p>{@code sslmode} is honoured as libpq does: {@code disable}, {@code allow} and {@code prefer}
 * (encrypt when the server offers it, no verification), {@code require} (encrypted, no
 * verification), {@code verify-ca} (the server's certificate chains to {@code sslrootcert}) and
 * {@code verify-full} (and names the host). The verifying modes need {@code sslrootcert}.
 */
public record PgTarget(List<Host> hosts, String database, String user, @Nullable String password,
    Attrs sessionAttrs, SslMode sslMode, @Nullable Path sslRootCert, Map<String, String> params) {
  /** One {@code host:port} of the list. */
  public record Host(String name, int port) {
    @Override
    public String toString() {
      return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
    }
  }

  /** libpq's {@code target_session_attrs}: the values a gateway can use. */
  public enum Attrs {
    /** Any host that answers: the first in the list that does. */
    ANY,
    /** The primary: a host that is not in recovery (writes go there). */
    READ_WRITE;

    static Attrs of(String value) {
      return switch (value) {
        case "any" -> ANY;
        case "read-write", "primary" -> READ_WRITE;
        default -> throw new IllegalArgumentException("target_session_attrs must be any,"
            + " read-write or primary, not " + value);
      };
    }
  }

  private static final int DEFAULT_PORT = 5432;

  public PgTarget {
    hosts = List.copyOf(hosts);
    params = Map.copyOf(params);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the Postgres URI names no host");
    }
    if ((sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL) && sslRootCert == null) {
      throw new IllegalArgumentException("sslmode=" + sslMode.value
          + " needs sslrootcert (the CA file the server's certificate must chain to)");
    }
  }

  /** Parses {@code postgresql://} or {@code postgres://} URIs; the message never has a password. */
  public static PgTarget parse(String uri) {
    String rest;
    if (uri.startsWith("postgresql://")) {
      rest = uri.substring("postgresql://".length());
    } else if (uri.startsWith("postgres://")) {
      rest = uri.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException("the Postgres URI must start with postgresql://");
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String database = "postgres";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      database = decode(rest.substring(slash + 1));
      rest = rest.substring(0, slash);
    }
    String user = "postgres";
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String auth = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = auth.indexOf(':');
      user = decode(colon >= 0 ? auth.substring(0, colon) : auth);
      password = colon >= 0 ? decode(auth.substring(colon + 1)) : null;
    }
    List<Host> hosts = new ArrayList<>();
    for (String one : rest.isEmpty() ? new String[] {"127.0.0.1"} : rest.split(",", -1)) {
      hosts.add(host(one));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("the Postgres URI has a malformed parameter: " + pair);
      }
      params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    Attrs attrs = Attrs.of(params.getOrDefault("target_session_attrs",
        hosts.size() > 1 ? "read-write" : "any"));
    SslMode ssl = sslMode(params.getOrDefault("sslmode", "disable"));
    String root = params.get("sslrootcert");
    params.keySet().removeAll(List.of("target_session_attrs", "sslmode", "sslrootcert"));
    return new PgTarget(hosts, database, user, password, attrs, ssl,
        root == null ? null : Path.of(root), params);
  }

  private static Host host(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the Postgres URI has an empty host in its list");
    }
    String name = text;
    int port = DEFAULT_PORT;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("the Postgres URI has a malformed host: " + text);
      }
      name = text.substring(1, close);
      if (close + 1 < text.length()) {
        port = port(text.substring(close + 1), text);
      }
    } else if (text.contains(":")) {
      name = text.substring(0, text.indexOf(':'));
      port = port(text.substring(text.indexOf(':')), text);
    }
    return new Host(decode(name), port);
  }

  private static int port(String colonPort, String host) {
    try {
      int port = Integer.parseInt(colonPort.substring(1));
      if (colonPort.charAt(0) == ':' && port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException("the Postgres URI has a malformed port in " + host);
  }

  private static SslMode sslMode(String value) {
    for (SslMode mode : SslMode.values()) {
      if (mode.value.equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("sslmode must be disable, allow, prefer, require,"
        + " verify-ca or verify-full, not " + value);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), UTF_8);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, UTF_8).replace("+", "%20");
  }

  /** Whether a host of the list must be the primary. */
  public boolean needsPrimary() {
    return sessionAttrs == Attrs.READ_WRITE;
  }

  /** How the pool connects to {@code host}: credentials, database, TLS and the other parameters. */
  public PgConnectOptions options(Host host) {
    String extra = params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    PgConnectOptions options = PgConnectOptions.fromUri("postgresql://" + host
        + "/" + encode(database) + (extra.isEmpty() ? "" : "?" + extra));
    options.setUser(user).setSslMode(sslMode);
    if (password != null) {
      options.setPassword(password);
    }
    if (sslMode != SslMode.DISABLE) {
      ClientSSLOptions tls = new ClientSSLOptions();
      if (sslRootCert == null) {
        tls.setTrustAll(true);
      } else {
        tls.setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert.toString()));
      }
      tls.setHostnameVerificationAlgorithm(sslMode == SslMode.VERIFY_FULL ? "HTTPS" : "");
      options.setSslOptions(tls);
    }
    return options;
  }

  /** The options of every host, in the list's order. */
  public List<PgConnectOptions> candidates() {
    return hosts.stream().map(this::options).toList();
  }

  /**
   * A pgJDBC URL for {@code db} that follows the same list (the primary when it must) with the
   * same TLS; the credentials are in {@link #jdbcProperties()}.
   */
  public String jdbcUrl(String db) {
    return "jdbc:postgresql://" + hosts.stream().map(Host::toString)
        .collect(Collectors.joining(",")) + "/" + encode(db)
        + "?targetServerType=" + (needsPrimary() ? "primary" : "any")
        + "&sslmode=" + sslMode.value
        + (sslRootCert == null ? "" : "&sslrootcert=" + encode(sslRootCert.toString()))
        + "&connectTimeout=5";
  }

  /** The pgJDBC credentials. */
  public Properties jdbcProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  /** The same hosts, database and TLS, logging in as {@code role} ({@code secret} may be null). */
  public PgTarget as(String role, @Nullable String secret) {
    return new PgTarget(hosts, database, role, secret, sessionAttrs, sslMode, sslRootCert, params);
  }

  /** One host's options as a target (tests, and tools that hold options already). */
  public static PgTarget of(PgConnectOptions options) {
    return new PgTarget(List.of(new Host(options.getHost(), options.getPort())),
        options.getDatabase(), options.getUser(), options.getPassword(), Attrs.ANY,
        options.getSslMode() == null ? SslMode.DISABLE : options.getSslMode(), null,
        Map.of());
  }

  /** The URI with the password masked, for logs. */
  public String redacted() {
    return "postgresql://" + user + (password == null ? "" : ":***") + "@"
        + hosts.stream().map(Host::toString).collect(Collectors.joining(",")) + "/" + database
        + "?target_session_attrs=" + sessionAttrs.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "&sslmode=" + sslMode.value;
  }

  /** Checks at start-up what can be checked without connecting: the CA file is readable. */
  public void checkFiles() {
    if (sslRootCert != null && !Files.isReadable(sslRootCert)) {
      throw new IllegalArgumentException("sslrootcert " + sslRootCert + " cannot be read");
    }
  }
}
