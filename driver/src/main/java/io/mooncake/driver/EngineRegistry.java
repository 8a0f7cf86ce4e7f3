package io.mooncake.driver;

import io.mooncake.engine.Engine;
import io.mooncake.engine.EngineException;
import io.mooncake.engine.IcebergReads;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CDC engines of this JVM: one per database (host, port, database), started on first need and
 * stopped, after making applied changes durable, when the JVM exits; and, for the databases whose
 * engine runs in another process, the readers of its Iceberg tables. Thread-safe.
 */
final class EngineRegistry {

  private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();
  private static final Map<String, IcebergReads> READERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ENGINES.values().forEach(Engine::close);
                  READERS.values().forEach(IcebergReads::close);
                },
                "mooncake-engines-stop"));
  }

  private EngineRegistry() {}

  /** The running engine of the connection's database, starting it if needed. */
  static Engine get(MooncakeConnection conn) throws SQLException {
    MooncakeConfig config = conn.config();
    if (config.engine() == MooncakeConfig.EngineMode.OFF) {
      throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception(
          "this connection has engine=off: another process maintains the mirrors");
    }
    if (!"file".equals(config.warehouse().getScheme())) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "warehouse " + config.warehouse() + ": only local directories are supported yet");
    }
    String key = key(conn);
    // An engine that stopped (another process took its database over) is replaced.
    Engine stopped = ENGINES.get(key);
    if (stopped != null && !stopped.status().running() && ENGINES.remove(key, stopped)) {
      stopped.close();
    }
    try {
      return ENGINES.computeIfAbsent(
          key,
          k ->
              Engine.start(
                  new Engine.Settings(
                      conn.pgUrl(),
                      conn.pgProperties(),
                      Path.of(config.warehouse()),
                      config.flushRows(),
                      config.flushInterval(),
                      config.snapshotRetention())));
    } catch (EngineException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
  }

  /**
   * Starts the engine of the connection's database when it has mirrors, once per JVM, so that
   * mirrors follow their sources while an application that uses the driver runs.
   */
  static void startIfMirrored(MooncakeConnection conn) throws SQLException {
    if (conn.config().engine() == MooncakeConfig.EngineMode.OFF) {
      return;
    }
    String key = key(conn);
    if (CHECKED.putIfAbsent(key, Boolean.TRUE) != null) {
      return;
    }
    boolean mirrored;
    try (Statement s = conn.delegate.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('mooncake.mirrors') IS NOT NULL")) {
      rs.next();
      mirrored = rs.getBoolean(1);
    }
    if (mirrored) {
      try {
        get(conn);
      } catch (SQLException e) {
        // Another process runs the engine, or the warehouse is not usable: reads fall back.
      }
    }
  }

  /**
   * The engine of the connection's database if one runs in this JVM, else null (a stopped engine's
   * state is not kept current).
   */
  static Engine running(MooncakeConnection conn) throws SQLException {
    Engine engine = ENGINES.get(key(conn));
    return engine != null && engine.status().running() ? engine : null;
  }

  /** When each database's engine was last tried in the background (nanoTime). */
  private static final Map<String, Long> TAKEOVER_TRIED = new ConcurrentHashMap<>();

  private static final long TAKEOVER_EVERY_NANOS = 5_000_000_000L;

  /**
   * Starts the engine of the connection's database in the background, at most every 5 s: no process
   * streams its changes (the owner stopped or died), and this connection lets the engine run here
   * ({@code engine=embedded}). Until it runs, queries read the Iceberg tables or the sources;
   * another process may take it over first (the ownership lock decides).
   */
  static void takeOverLater(MooncakeConnection conn) throws SQLException {
    if (conn.config().engine() == MooncakeConfig.EngineMode.OFF) {
      return;
    }
    String key = key(conn);
    long now = System.nanoTime();
    Long tried = TAKEOVER_TRIED.get(key);
    if (tried != null && now - tried < TAKEOVER_EVERY_NANOS
        || !(tried == null
            ? TAKEOVER_TRIED.putIfAbsent(key, now) == null
            : TAKEOVER_TRIED.replace(key, tried, now))) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                get(conn);
              } catch (SQLException | RuntimeException e) {
                // Another process owns it now, or the database is unreachable: tried again later.
              }
            },
            "mooncake-engine-takeover");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The reader of the Iceberg tables that another process's engine keeps for the connection's
   * database, opened on first need.
   */
  static IcebergReads icebergReads(MooncakeConnection conn) throws SQLException {
    String key = key(conn);
    IcebergReads reads = READERS.get(key);
    if (reads != null) {
      return reads;
    }
    synchronized (READERS) {
      reads = READERS.get(key);
      if (reads == null) {
        Properties p = org.postgresql.Driver.parseURL(conn.pgUrl(), conn.pgProperties());
        reads = IcebergReads.open(conn.pgUrl(), conn.pgProperties(), p.getProperty("PGDBNAME"));
        READERS.put(key, reads);
      }
      return reads;
    }
  }

  private static String key(MooncakeConnection conn) throws SQLException {
    return conn.engineKey();
  }

  /** The key of the database {@code pgUrl} names: host, port and database. */
  static String key(String pgUrl, Properties properties) throws SQLException {
    Properties p = org.postgresql.Driver.parseURL(pgUrl, properties);
    if (p == null) {
      throw SqlState.UNABLE_TO_CONNECT.exception("cannot parse " + MooncakeUrl.withoutQuery(pgUrl));
    }
    return p.getProperty("PGHOST")
        + ":"
        + p.getProperty("PGPORT")
        + "/"
        + p.getProperty("PGDBNAME");
  }
}
