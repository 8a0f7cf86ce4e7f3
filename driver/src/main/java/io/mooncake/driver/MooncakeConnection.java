package io.mooncake.driver;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A connection opened through {@code jdbc:mooncake:}: PgJDBC's connection plus mooncake's settings.
 * Statements that are not mooncake's are PgJDBC's, unchanged.
 *
 * <p>Thread-safety: as PgJDBC's connection.
 */
final class MooncakeConnection extends DelegatingConnection {

  private final String url;
  private final MooncakeUrl parsed;
  private final MooncakeConfig config;

  MooncakeConnection(Connection pg, String url, MooncakeUrl parsed, MooncakeConfig config) {
    super(pg);
    this.url = url;
    this.parsed = parsed;
    this.config = config;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new MooncakeStatement(this, delegate.createStatement());
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new MooncakeStatement(
        this, delegate.createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new MooncakeStatement(
        this, delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    MooncakeCall call = MooncakeCall.parse(sql);
    if (call != null) {
      return new MooncakeCallStatement(this, delegate.prepareStatement("SELECT 1"), call);
    }
    MirrorRouter.Decision d = router.decide(engine(), sql);
    if (d.duckDb() instanceof io.mooncake.calcite.QueryPlan.MirrorWrite) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          ((io.mooncake.calcite.QueryPlan.MirrorWrite) d.duckDb()).message());
    }
    if (d.postgres() instanceof io.mooncake.calcite.QueryPlan.MirrorQuery) {
      String onSources = ((io.mooncake.calcite.QueryPlan.MirrorQuery) d.postgres()).duckDbSql();
      return new MirrorPreparedStatement(this, delegate.prepareStatement(onSources), sql);
    }
    return super.prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    MooncakeCall call = MooncakeCall.parse(sql);
    if (call != null) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "mooncake procedures run through Statement or PreparedStatement, not CallableStatement");
    }
    return super.prepareCall(sql);
  }

  private final MirrorRouter router = new MirrorRouter();
  private String engineKey;

  /** The registry key of this connection's database (computed once). */
  synchronized String engineKey() throws SQLException {
    if (engineKey == null) {
      engineKey = EngineRegistry.key(parsed.pgUrl(), parsed.pgProperties());
    }
    return engineKey;
  }

  private Connection duckReader;
  private io.mooncake.engine.Engine duckReaderEngine;

  MirrorRouter router() {
    return router;
  }

  /** The engine of this database in this JVM, or null when none runs here. */
  io.mooncake.engine.Engine engine() throws SQLException {
    return EngineRegistry.running(this);
  }

  private String duckZone;

  /**
   * This connection's DuckDB connection to the mirrors, with the session's settings; its time zone
   * follows the PostgreSQL session's (PgJDBC tracks TimeZone from the server's reports).
   */
  synchronized Connection duckReader() throws SQLException {
    io.mooncake.engine.Engine engine = engine();
    if (engine == null) {
      throw SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.exception(
          "the mooncake engine of this database stopped in this JVM");
    }
    if (duckReader != null && engine != duckReaderEngine) {
      // The engine was replaced (the one this reader belonged to stopped).
      duckReader.close();
      duckReader = null;
    }
    if (duckReader == null) {
      Connection c = engine.reader();
      duckReaderEngine = engine;
      try (Statement s = c.createStatement()) {
        for (String setting : io.mooncake.calcite.DuckDbSession.SETTINGS) {
          s.execute(setting);
        }
      }
      duckReader = c;
      duckZone = null;
    }
    String zone = sessionZone().getId();
    if (!zone.equals(duckZone)) {
      try (Statement s = duckReader.createStatement()) {
        s.execute(io.mooncake.calcite.DuckDbSession.timeZone(zone));
      }
      duckZone = zone;
    }
    return duckReader;
  }

  /** The session's TimeZone, as the server last reported it. */
  java.time.ZoneId sessionZone() throws SQLException {
    String reported =
        delegate.unwrap(org.postgresql.PGConnection.class).getParameterStatus("TimeZone");
    return java.time.ZoneId.of(reported == null ? "UTC" : reported);
  }

  @Override
  public void close() throws SQLException {
    synchronized (this) {
      if (duckReader != null) {
        duckReader.close();
        duckReader = null;
      }
    }
    super.close();
  }

  /** The PgJDBC URL of this connection, without mooncake's properties. */
  String pgUrl() {
    return parsed.pgUrl();
  }

  /** The PgJDBC properties of this connection, without mooncake's. */
  Properties pgProperties() {
    return parsed.pgProperties();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new MooncakeDatabaseMetaData(this, delegate.getMetaData(), url);
  }

  /** mooncake's settings of this connection. */
  MooncakeConfig config() {
    return config;
  }
}
