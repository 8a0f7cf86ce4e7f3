package io.mooncake.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The mooncake JDBC driver: {@code jdbc:mooncake:} followed by any PgJDBC URL.
 *
 * <p>Every statement that is not mooncake's goes to PgJDBC and behaves exactly as with PgJDBC.
 * Registered with {@link DriverManager} when the class is loaded and through {@code
 * META-INF/services/java.sql.Driver}. Thread-safe.
 */
public final class MooncakeDriver implements java.sql.Driver {

  private static final String VERSION = readVersion();
  private static final MooncakeDriver INSTANCE = new MooncakeDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final org.postgresql.Driver pgjdbc = new org.postgresql.Driver();

  /** Public for {@link java.util.ServiceLoader} and DB tools that instantiate drivers by class. */
  public MooncakeDriver() {}

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    MooncakeUrl parsed = MooncakeUrl.parse(url, info);
    MooncakeConfig config = MooncakeConfig.from(parsed);
    // Checked here so that the message never repeats the query string, which may hold a password.
    if (org.postgresql.Driver.parseURL(parsed.pgUrl(), parsed.pgProperties()) == null) {
      throw SqlState.UNABLE_TO_CONNECT.exception(
          "PgJDBC cannot parse the PostgreSQL URL inside "
              + MooncakeUrl.withoutQuery(url)
              + " (expected jdbc:mooncake:postgresql://host[:port]/database[?property=value&...])");
    }
    MooncakeConnection conn =
        new MooncakeConnection(
            pgjdbc.connect(parsed.pgUrl(), parsed.pgProperties()), url, parsed, config);
    EngineRegistry.startIfMirrored(conn);
    return conn;
  }

  /** True exactly for URLs that start with {@code jdbc:mooncake:}. */
  @Override
  public boolean acceptsURL(String url) {
    return MooncakeUrl.accepts(url);
  }

  /** mooncake's properties (see {@link MooncakeProperty}) followed by PgJDBC's. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Properties own = new Properties();
    List<DriverPropertyInfo> result = new ArrayList<>();
    DriverPropertyInfo[] pg = new DriverPropertyInfo[0];
    if (acceptsURL(url)) {
      MooncakeUrl parsed = MooncakeUrl.parse(url, info);
      own = parsed.mooncakeProperties();
      pg = pgjdbc.getPropertyInfo(parsed.pgUrl(), parsed.pgProperties());
    } else if (info != null) {
      own.putAll(info);
    }
    for (MooncakeProperty p : MooncakeProperty.values()) {
      result.add(p.info(own));
    }
    result.addAll(List.of(pg));
    return result.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return versionPart(0);
  }

  @Override
  public int getMinorVersion() {
    return versionPart(1);
  }

  /** mooncake's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  /** As PgJDBC: PostgreSQL does not pass the JDBC compliance tests in full. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("io.mooncake");
  }

  private static int versionPart(int index) {
    String[] parts = VERSION.split("[.-]");
    return index < parts.length && parts[index].matches("\\d+")
        ? Integer.parseInt(parts[index])
        : 0;
  }

  private static String readVersion() {
    try (InputStream in = MooncakeDriver.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "0.0.0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
