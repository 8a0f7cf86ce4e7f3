package io.mooncake.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A {@code jdbc:mooncake:} URL split into the PgJDBC URL it wraps and mooncake's own properties.
 *
 * <p>mooncake's properties are taken out of the URL's query string and out of the connection {@link
 * Properties}; PgJDBC receives the rest unchanged. As in PgJDBC, a property in the URL wins over
 * the same property in {@link Properties}. Immutable.
 */
final class MooncakeUrl {

  static final String PREFIX = "jdbc:mooncake:";
  private static final String PG_PREFIX = "jdbc:postgresql:";
  private static final String EXAMPLE = "jdbc:mooncake:postgresql://host:5432/database";

  private final String pgUrl;
  private final Properties pgProperties;
  private final Properties mooncakeProperties;

  private MooncakeUrl(String pgUrl, Properties pgProperties, Properties mooncakeProperties) {
    this.pgUrl = pgUrl;
    this.pgProperties = pgProperties;
    this.mooncakeProperties = mooncakeProperties;
  }

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * Splits {@code url}; fails with 08001 when it does not wrap a PostgreSQL URL. Values are not
   * checked here (see {@link MooncakeConfig}), so that {@code getPropertyInfo} works on any URL.
   */
  static MooncakeUrl parse(String url, Properties info) throws SQLException {
    String wrapped = "jdbc:" + url.substring(PREFIX.length());
    if (!wrapped.startsWith(PG_PREFIX)) {
      throw SqlState.UNABLE_TO_CONNECT.exception(
          "mooncake wraps PostgreSQL URLs: expected "
              + EXAMPLE
              + "[?property=value&...], got "
              + withoutQuery(url));
    }
    Properties pg = new Properties();
    Properties own = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        Properties target = MooncakeProperty.forKey(name) != null ? own : pg;
        target.setProperty(name, info.getProperty(name));
      }
    }
    int q = wrapped.indexOf('?');
    if (q < 0) {
      return new MooncakeUrl(wrapped, pg, own);
    }
    StringBuilder kept = new StringBuilder(wrapped.length()).append(wrapped, 0, q);
    char separator = '?';
    for (String pair : wrapped.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (MooncakeProperty.forKey(name) != null) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          own.setProperty(name, URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw SqlState.UNABLE_TO_CONNECT.exception(
              "malformed URL encoding in property \"" + name + "\": " + e.getMessage());
        }
      } else if (!pair.isEmpty()) {
        kept.append(separator).append(pair);
        separator = '&';
      }
    }
    return new MooncakeUrl(kept.toString(), pg, own);
  }

  /** The URL without its query string, which may hold a password. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  /** The PgJDBC URL, without mooncake's properties. */
  String pgUrl() {
    return pgUrl;
  }

  /** The connection properties for PgJDBC, without mooncake's. A copy. */
  Properties pgProperties() {
    Properties copy = new Properties();
    copy.putAll(pgProperties);
    return copy;
  }

  /** mooncake's properties as given (URL over {@link Properties}), not yet checked. A copy. */
  Properties mooncakeProperties() {
    Properties copy = new Properties();
    copy.putAll(mooncakeProperties);
    return copy;
  }
}
