package io.mooncake.driver;

import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The mirrors of a connection's database as its catalog ({@code mooncake.mirrors}) lists them, for
 * a process where no engine runs ({@code engine=off}, or another process owns the database's
 * engine): their names and sources, so that queries naming them can run on PostgreSQL against the
 * sources instead of failing. Re-read at most once a second, and only between transactions (a read
 * inside the application's transaction could take its snapshot). Not thread-safe: one per
 * connection, used under the connection's lock.
 */
final class CatalogMirrors {

  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final MooncakeConnection conn;
  private Map<MirrorName, Engine.MirrorInfo> mirrors = Map.of();
  private long readAt;
  private boolean read;

  CatalogMirrors(MooncakeConnection conn) {
    this.conn = conn;
  }

  /** The mirrors, as last read. */
  synchronized Map<MirrorName, Engine.MirrorInfo> current() throws SQLException {
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    if ((!read || System.nanoTime() - readAt >= REFRESH_NANOS)
        && pg.getTransactionState() == TransactionState.IDLE) {
      mirrors = load();
      readAt = System.nanoTime();
      read = true;
    }
    return mirrors;
  }

  /**
   * Reads the catalog again now (between transactions only); returns whether its mirrors changed.
   */
  synchronized boolean reread() throws SQLException {
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    if (pg.getTransactionState() != TransactionState.IDLE) {
      return false;
    }
    Map<MirrorName, Engine.MirrorInfo> before = mirrors;
    mirrors = load();
    readAt = System.nanoTime();
    read = true;
    return !mirrors.keySet().equals(before.keySet());
  }

  private String collation;

  /**
   * The database's default collation (ICU or builtin locale, else {@code datcollate}); read once,
   * between transactions; "unknown" (compare nothing on DuckDB) until it could be read.
   */
  synchronized String collation() throws SQLException {
    if (collation != null) {
      return collation;
    }
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    if (pg.getTransactionState() != TransactionState.IDLE) {
      return "unknown";
    }
    try (Statement s = conn.delegate.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT datlocprovider::text, datcollate, to_jsonb(d) ->> 'datlocale',"
                    + " to_jsonb(d) ->> 'daticulocale' FROM pg_database d"
                    + " WHERE datname = current_database()")) {
      rs.next();
      String locale = rs.getString(3) != null ? rs.getString(3) : rs.getString(4);
      collation = "c".equals(rs.getString(1)) || locale == null ? rs.getString(2) : locale;
    }
    return collation;
  }

  private Map<MirrorName, Engine.MirrorInfo> load() throws SQLException {
    Map<MirrorName, Engine.MirrorInfo> out = new LinkedHashMap<>();
    for (Engine.MirrorInfo m : read(conn.delegate)) {
      out.put(m.name(), m);
    }
    return out;
  }

  /**
   * Every mirror the catalog of {@code pg}'s database lists, ordered by schema and name (only
   * names, sources and failures: the state lives in the engine); none when there is no catalog.
   */
  static List<Engine.MirrorInfo> read(Connection pg) throws SQLException {
    List<Engine.MirrorInfo> out = new ArrayList<>();
    try (Statement s = pg.createStatement()) {
      boolean exists;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('mooncake.mirrors') IS NOT NULL")) {
        rs.next();
        exists = rs.getBoolean(1);
      }
      if (!exists) {
        return out;
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT mirror_schema, mirror_name, source_schema, source_table, source_oid, reason"
                  + " FROM mooncake.mirrors ORDER BY 1, 2")) {
        while (rs.next()) {
          out.add(
              new Engine.MirrorInfo(
                  new MirrorName(rs.getString(1), rs.getString(2)),
                  new MirrorName(rs.getString(3), rs.getString(4)),
                  rs.getLong(5),
                  null,
                  rs.getString(6),
                  null));
        }
      }
    }
    return out;
  }
}
