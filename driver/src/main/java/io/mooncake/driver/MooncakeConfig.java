package io.mooncake.driver;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * mooncake's properties of one connection, checked and typed. Bad values fail with SQLSTATE 22023
 * and a message naming the property, the value and what is expected. Immutable.
 */
public final class MooncakeConfig {

  /** Where the CDC engine runs for this connection. */
  public enum EngineMode {
    /** The CDC engine runs as threads in this JVM. */
    EMBEDDED,
    /** This JVM only reads mirrors that another process maintains. */
    OFF
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private final URI warehouse;
  private final Duration freshness;
  private final EngineMode engine;
  private final long flushRows;
  private final Duration flushInterval;
  private final boolean fallbackToPostgres;
  private final Duration snapshotRetention;

  private MooncakeConfig(
      URI warehouse,
      Duration freshness,
      EngineMode engine,
      long flushRows,
      Duration flushInterval,
      boolean fallbackToPostgres,
      Duration snapshotRetention) {
    this.warehouse = warehouse;
    this.freshness = freshness;
    this.engine = engine;
    this.flushRows = flushRows;
    this.flushInterval = flushInterval;
    this.fallbackToPostgres = fallbackToPostgres;
    this.snapshotRetention = snapshotRetention;
  }

  static MooncakeConfig from(MooncakeUrl url) throws SQLException {
    Properties own = url.mooncakeProperties();
    String warehouse = MooncakeProperty.WAREHOUSE.get(own);
    return new MooncakeConfig(
        warehouse == null ? defaultWarehouse(url.pgUrl()) : parseWarehouse(warehouse),
        parseDuration(MooncakeProperty.FRESHNESS, MooncakeProperty.FRESHNESS.get(own)),
        EngineMode.valueOf(
            MooncakeProperty.ENGINE
                .requireChoice(MooncakeProperty.ENGINE.get(own))
                .toUpperCase(Locale.ROOT)),
        parseCount(MooncakeProperty.FLUSH_ROWS, MooncakeProperty.FLUSH_ROWS.get(own)),
        positive(
            MooncakeProperty.FLUSH_INTERVAL,
            parseDuration(
                MooncakeProperty.FLUSH_INTERVAL, MooncakeProperty.FLUSH_INTERVAL.get(own))),
        MooncakeProperty.FALLBACK
            .requireChoice(MooncakeProperty.FALLBACK.get(own))
            .equals("postgres"),
        parseDuration(
            MooncakeProperty.SNAPSHOT_RETENTION, MooncakeProperty.SNAPSHOT_RETENTION.get(own)));
  }

  /**
   * Whether a mirror query DuckDB cannot answer exactly runs on PostgreSQL (with a warning) rather
   * than failing.
   */
  public boolean fallbackToPostgres() {
    return fallbackToPostgres;
  }

  /** Rows a mirror's mem slice holds before it is written to Parquet. */
  public long flushRows() {
    return flushRows;
  }

  /** How often the engine makes changes durable. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** How long the engine keeps a mirror's older Iceberg snapshots. */
  public Duration snapshotRetention() {
    return snapshotRetention;
  }

  static long parseCount(MooncakeProperty property, String value) throws SQLException {
    try {
      long n = Long.parseLong(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(property, value, "a positive whole number");
  }

  private static Duration positive(MooncakeProperty property, Duration d) throws SQLException {
    if (d.isZero()) {
      throw invalid(property, "0", "a duration above zero");
    }
    return d;
  }

  /** Where mirrors are stored: a {@code file:} or {@code s3:} URI. */
  public URI warehouse() {
    return warehouse;
  }

  /** How long a mirror read may wait for read-your-writes; zero means no waiting. */
  public Duration freshness() {
    return freshness;
  }

  /** Whether this JVM runs the CDC engine. */
  public EngineMode engine() {
    return engine;
  }

  static Duration parseDuration(MooncakeProperty property, String value) throws SQLException {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw invalid(property, value, "a number with a unit (ms, s, m or h), such as 30s, or 0");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofHours(n);
    }
  }

  static URI parseWarehouse(String value) throws SQLException {
    String v = value.trim();
    if (v.isEmpty()) {
      throw invalid(MooncakeProperty.WAREHOUSE, value, "a local directory or an s3:// URI");
    }
    if (v.startsWith("s3://") || v.startsWith("file:")) {
      try {
        URI uri = new URI(v);
        if (uri.getScheme().equals("s3") && (uri.getHost() == null || uri.getHost().isEmpty())) {
          throw invalid(MooncakeProperty.WAREHOUSE, value, "s3://bucket[/prefix]");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw invalid(MooncakeProperty.WAREHOUSE, value, "a valid URI (" + e.getReason() + ")");
      }
    }
    if (v.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw invalid(MooncakeProperty.WAREHOUSE, value, "a local directory or an s3:// URI");
    }
    return Path.of(v).toAbsolutePath().normalize().toUri();
  }

  /** {@code ~/.mooncake/warehouse/<host>-<port>-<database>}: one directory per database. */
  static URI defaultWarehouse(String pgUrl) {
    Properties parsed = Driver.parseURL(pgUrl, null);
    String name =
        parsed == null
            ? "default"
            : (parsed.getProperty("PGHOST", "localhost")
                    + "-"
                    + parsed.getProperty("PGPORT", "5432")
                    + "-"
                    + parsed.getProperty("PGDBNAME", ""))
                .replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("user.home"), ".mooncake", "warehouse", name).toUri();
  }

  private static SQLException invalid(MooncakeProperty property, String value, String expected) {
    return SqlState.INVALID_PARAMETER_VALUE.exception(
        "invalid value for property \""
            + property.key()
            + "\": \""
            + value
            + "\" (expected "
            + expected
            + ")");
  }
}
