package io.mooncake.driver;

import java.sql.DriverPropertyInfo;
import java.util.Locale;
import java.util.Properties;

/**
 * mooncake's own connection properties, given in the URL's query string or in the {@link
 * Properties} passed to {@code connect}; every other property goes to PgJDBC untouched. The
 * README's property table and {@link MooncakeDriver#getPropertyInfo} are made from this enum.
 */
public enum MooncakeProperty {
  /** Where mirrors are stored. */
  WAREHOUSE(
      "warehouse",
      null,
      "Where mirrors are stored: a local directory or an s3:// URI. Default: a directory per"
          + " database under ~/.mooncake/warehouse."),

  /** How long a mirror read may wait for read-your-writes. */
  FRESHNESS(
      "freshness",
      "30s",
      "How long a mirror read may wait for the mirror to reach the session's last commit"
          + " (read-your-writes), as a number with a unit: ms, s, m or h. 0 disables waiting."),

  /** How many rows a mirror's mem slice holds before it is written to Parquet. */
  FLUSH_ROWS(
      "flushRows",
      "200000",
      "How many recent rows of a mirror the engine keeps in memory before writing them to a"
          + " Parquet data file."),

  /** How often the engine makes changes durable. */
  FLUSH_INTERVAL(
      "flushInterval",
      "10s",
      "How often the engine commits every mirror's changes to Iceberg and confirms them to the"
          + " replication slot (bounds WAL retention and data loss on a crash), as a duration."),

  /** Whether this JVM runs the CDC engine. */
  ENGINE(
      "engine",
      "embedded",
      "embedded: the CDC engine runs as threads in this JVM. off: this JVM only reads mirrors"
          + " that another process maintains.",
      "embedded",
      "off"),

  /** What happens to a mirror query that DuckDB cannot answer exactly. */
  FALLBACK(
      "fallback",
      "postgres",
      "postgres: a mirror query that cannot run exactly on DuckDB runs on PostgreSQL against the"
          + " mirrors' sources, with a SQLWarning saying why. error: it fails with SQLSTATE 0A000"
          + " and the reason instead.",
      "postgres",
      "error"),

  /** How long the engine keeps a mirror's older Iceberg snapshots. */
  SNAPSHOT_RETENTION(
      "snapshotRetention",
      "1h",
      "How long a mirror's Iceberg snapshot stays readable once a newer one exists, as a duration;"
          + " the engine then expires it and deletes the files only it referenced (data files"
          + " compacted away, replaced deletion vectors, manifests). The newest 300 snapshots at"
          + " most are kept, whatever their age. A reader of an older snapshot, or a query running"
          + " longer than this, may fail.");

  private final String key;
  private final String defaultValue;
  private final String description;
  private final String[] choices;

  MooncakeProperty(String key, String defaultValue, String description, String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.choices = choices;
  }

  /** The name used in URLs and {@link Properties}. */
  public String key() {
    return key;
  }

  /** The default, or {@code null} where the default depends on the URL. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the property does, as shown by DB tools. */
  public String description() {
    return description;
  }

  /** The allowed values, or an empty array when any value of the right form is allowed. */
  public String[] choices() {
    return choices.clone();
  }

  /** The value set in {@code properties}, else the default. */
  String get(Properties properties) {
    return properties.getProperty(key, defaultValue);
  }

  /** Whether {@code name} is one of mooncake's keys (case-sensitive, as PgJDBC's are). */
  static MooncakeProperty forKey(String name) {
    for (MooncakeProperty p : values()) {
      if (p.key.equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Checks that {@code value} is one of the choices and returns it in lower case. */
  String requireChoice(String value) throws java.sql.SQLException {
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    for (String choice : choices) {
      if (choice.equals(normalized)) {
        return normalized;
      }
    }
    throw SqlState.INVALID_PARAMETER_VALUE.exception(
        "invalid value for property \""
            + key
            + "\": \""
            + value
            + "\" (expected one of: "
            + String.join(", ", choices)
            + ")");
  }

  DriverPropertyInfo info(Properties properties) {
    DriverPropertyInfo info = new DriverPropertyInfo(key, get(properties));
    info.description = description;
    info.required = false;
    info.choices = choices.length == 0 ? null : choices.clone();
    return info;
  }
}
