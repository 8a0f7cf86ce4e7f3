package io.mooncake.driver;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One application's JDBC session, run once through PgJDBC and once through mooncake: every
 * observation goes to a {@link Transcript}, and the two transcripts must be equal.
 */
final class CompatibilityScenario {

  private final Connection conn;
  private final Supplier<Connection> another;
  private final Transcript t;

  CompatibilityScenario(Connection conn, Supplier<Connection> another, Transcript t) {
    this.conn = conn;
    this.another = another;
    this.t = t;
  }

  void run() throws Exception {
    setUp();
    types();
    preparedAndBatches();
    generatedKeys();
    plainStatements();
    transactionsAndSavepoints();
    cursorFetch();
    errors();
    copy();
    listenNotify();
    metadata();
    warnings();
    callable();
    connectionSettings();
    wrappers();
    abort();
  }

  private void setUp() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("DROP TABLE IF EXISTS compat_items CASCADE");
      s.execute(
          "CREATE TABLE compat_items (id serial PRIMARY KEY, name text UNIQUE NOT NULL,"
              + " price numeric(10,2), created date)");
      s.execute("COMMENT ON TABLE compat_items IS 'items of the compatibility scenario'");
    }
  }

  private void types() throws SQLException {
    String sql =
        "SELECT 1::int2 AS i2, 2::int4 AS i4, 3::int8 AS i8, 1.5::float4 AS f4,"
            + " 2.5::float8 AS f8, 'NaN'::float8 AS nan, '-Infinity'::float8 AS ninf,"
            + " 12.345::numeric(10,3) AS num, 123456789012345678901234567890.123::numeric AS big,"
            + " 'abc'::text AS txt, 'x'::char(3) AS ch, 'v'::varchar(5) AS vc, 'nm'::name AS nm,"
            + " true AS b, '2024-01-02'::date AS d, '10:11:12.5'::time AS tm,"
            + " '10:11:12+02'::timetz AS ttz, '2024-01-02 03:04:05.678'::timestamp AS ts,"
            + " '2024-01-02 03:04:05+00'::timestamptz AS tstz, 'infinity'::timestamp AS tsinf,"
            + " '\\xdeadbeef'::bytea AS by, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u,"
            + " '{\"a\": 1}'::json AS js, '{\"b\": 2.50}'::jsonb AS jb,"
            + " ARRAY[1, 2, NULL]::int[] AS ia, ARRAY[['a','b'],['c',NULL]] AS ta,"
            + " '1 day 02:03:04'::interval AS iv, '192.168.0.1/24'::inet AS ip,"
            + " '08:00:2b:01:02:03'::macaddr AS mac, B'1011' AS bits, 12.34::money AS m,"
            + " int4range(1, 10) AS r, NULL::int AS nul";
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      t.add("types.columns", md.getColumnCount());
      rs.next();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String c = "types." + md.getColumnLabel(i);
        t.add(c + ".meta", columnMeta(md, i));
        t.add(c + ".getObject", rs.getObject(i));
        t.add(c + ".getString", rs.getString(i));
        t.add(c + ".wasNull", rs.wasNull());
      }
      t.add("types.next", rs.next());
    }
  }

  private static String columnMeta(ResultSetMetaData md, int i) throws SQLException {
    return md.getColumnName(i)
        + "|"
        + md.getColumnType(i)
        + "|"
        + md.getColumnTypeName(i)
        + "|"
        + md.getPrecision(i)
        + "|"
        + md.getScale(i)
        + "|"
        + md.isNullable(i)
        + "|"
        + md.getColumnClassName(i)
        + "|"
        + md.getColumnDisplaySize(i)
        + "|"
        + md.isSigned(i);
  }

  private void preparedAndBatches() throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("INSERT INTO compat_items (name, price, created) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 3; i++) {
        ps.setString(1, "item" + i);
        ps.setBigDecimal(2, new BigDecimal(i + ".25"));
        ps.setDate(3, Date.valueOf("2024-03-0" + i));
        ps.addBatch();
      }
      t.add("batch.counts", ps.executeBatch());
      ParameterMetaData pm = ps.getParameterMetaData();
      t.add("batch.params", pm.getParameterCount());
      for (int i = 1; i <= pm.getParameterCount(); i++) {
        t.add("batch.param" + i, pm.getParameterType(i) + " " + pm.getParameterTypeName(i));
      }
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT id, name, price, created FROM compat_items WHERE id > ?" + " ORDER BY id")) {
      for (int run = 0; run < 6; run++) { // past PgJDBC's server-side prepare threshold
        ps.setInt(1, run % 2);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            t.add(
                "prepared.row" + run,
                rs.getInt(1)
                    + " "
                    + rs.getString(2)
                    + " "
                    + rs.getBigDecimal(3)
                    + " "
                    + rs.getDate(4));
          }
        }
      }
      ps.setNull(1, Types.INTEGER);
      try (ResultSet rs = ps.executeQuery()) {
        t.add("prepared.nullParam.next", rs.next());
      }
    }
  }

  private void generatedKeys() throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO compat_items (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "keyed");
      t.add("keys.count", ps.executeUpdate());
      try (ResultSet keys = ps.getGeneratedKeys()) {
        t.add("keys.columns", keys.getMetaData().getColumnCount());
        keys.next();
        t.add("keys.id", keys.getObject("id"));
      }
    }
    try (PreparedStatement ps =
        conn.prepareStatement("INSERT INTO compat_items (name) VALUES (?)", new String[] {"id"})) {
      ps.setString(1, "keyed by name");
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        t.add("keys.byName", keys.getObject(1));
        t.add("keys.byName.columns", keys.getMetaData().getColumnCount());
      }
    }
  }

  private void plainStatements() throws SQLException {
    try (Statement s = conn.createStatement()) {
      t.add("update.count", s.executeUpdate("UPDATE compat_items SET price = price * 2"));
      t.add("execute.select", s.execute("SELECT count(*) FROM compat_items"));
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        t.add("execute.select.value", rs.getObject(1));
      }
      t.add("execute.more", s.getMoreResults());
      t.add("execute.updateCount", s.getUpdateCount());
      t.add("multi.first", s.execute("SELECT 1; UPDATE compat_items SET price = price; SELECT 2"));
      t.add("multi.more1", s.getMoreResults());
      t.add("multi.update", s.getUpdateCount());
      t.add("multi.more2", s.getMoreResults());
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        t.add("multi.second", rs.getInt(1));
      }
      s.setMaxRows(2);
      try (ResultSet rs = s.executeQuery("SELECT id FROM compat_items ORDER BY id")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        t.add("maxRows.rows", n);
      }
      s.setMaxRows(0);
      t.add("ddl.count", s.executeUpdate("CREATE TEMP TABLE compat_tmp (x int)"));
      t.add(
          "largeUpdate",
          s.executeLargeUpdate("INSERT INTO compat_tmp SELECT generate_series(1, 5)"));
      s.setQueryTimeout(1);
      t.failure("queryTimeout", () -> s.execute("SELECT pg_sleep(5)"));
    }
  }

  private void transactionsAndSavepoints() throws SQLException {
    conn.setAutoCommit(false);
    t.add("tx.autoCommit", conn.getAutoCommit());
    try (Statement s = conn.createStatement()) {
      s.executeUpdate("INSERT INTO compat_items (name) VALUES ('rolled back')");
      conn.rollback();
      s.executeUpdate("INSERT INTO compat_items (name) VALUES ('kept')");
      Savepoint sp = conn.setSavepoint("sp1");
      t.add("tx.savepointName", sp.getSavepointName());
      s.executeUpdate("INSERT INTO compat_items (name) VALUES ('after savepoint')");
      conn.rollback(sp);
      Savepoint unnamed = conn.setSavepoint();
      t.add("tx.unnamedId", unnamed.getSavepointId());
      conn.releaseSavepoint(unnamed);
      conn.commit();
      try (ResultSet rs =
          s.executeQuery("SELECT string_agg(name, ',' ORDER BY id) FROM compat_items")) {
        rs.next();
        t.add("tx.names", rs.getString(1));
      }
      t.add("tx.isolation", conn.getTransactionIsolation());
      t.failure(
          "tx.isolationInTransaction",
          () -> conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
      conn.commit();
      conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      try (ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
        rs.next();
        t.add("tx.isolation.serializable", rs.getString(1));
      }
      conn.commit();
      conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      conn.setReadOnly(true);
      t.failure("tx.readOnlyWrite", () -> s.executeUpdate("DELETE FROM compat_items"));
      conn.rollback();
      conn.setReadOnly(false);
    }
    conn.setAutoCommit(true);
  }

  private void cursorFetch() throws SQLException {
    conn.setAutoCommit(false);
    try (Statement s = conn.createStatement()) {
      s.setFetchSize(3);
      try (ResultSet rs = s.executeQuery("SELECT g, g * 2 FROM generate_series(1, 10) g")) {
        t.add("fetch.size", rs.getFetchSize());
        StringBuilder seen = new StringBuilder();
        while (rs.next()) {
          seen.append(rs.getInt(1)).append(':').append(rs.getInt(2)).append(' ');
        }
        t.add("fetch.rows", seen.toString());
      }
    }
    conn.commit();
    conn.setAutoCommit(true);
  }

  private void errors() throws SQLException {
    try (Statement s = conn.createStatement()) {
      t.failure("error.unique", () -> s.execute("INSERT INTO compat_items (name) VALUES ('kept')"));
      t.failure("error.missingTable", () -> s.executeQuery("SELECT * FROM compat_missing"));
      t.failure("error.divisionByZero", () -> s.executeQuery("SELECT 1 / 0"));
      t.failure("error.syntax", () -> s.execute("SELEC 1"));
      t.failure("error.notNull", () -> s.execute("INSERT INTO compat_items (price) VALUES (1)"));
      t.failure(
          "error.executeQueryOnUpdate",
          () -> s.executeQuery("UPDATE compat_items SET price = price WHERE false"));
      conn.setAutoCommit(false);
      t.failure("error.inTx", () -> s.executeQuery("SELECT 1 / 0"));
      t.failure("error.aborted", () -> s.executeQuery("SELECT 1"));
      conn.rollback();
      conn.setAutoCommit(true);
    }
    t.failure(
        "error.badParameterIndex",
        () -> {
          try (PreparedStatement ps = conn.prepareStatement("SELECT ?::int")) {
            ps.setInt(2, 1);
          }
        });
  }

  private void copy() throws Exception {
    PGConnection pg = conn.unwrap(PGConnection.class);
    long in =
        pg.getCopyAPI()
            .copyIn(
                "COPY compat_items (name, price, created) FROM STDIN (FORMAT csv)",
                new StringReader("copied1,1.10,2024-05-01\ncopied2,,2024-05-02\n"));
    t.add("copy.in", in);
    StringWriter out = new StringWriter();
    long rows =
        pg.getCopyAPI()
            .copyOut("COPY (SELECT name, price FROM compat_items ORDER BY id) TO STDOUT", out);
    t.add("copy.out", rows);
    t.add("copy.out.text", out.toString());
    t.failure(
        "copy.bad",
        () -> {
          try {
            pg.getCopyAPI().copyIn("COPY compat_items (id) FROM STDIN", new StringReader("x\n"));
          } catch (java.io.IOException e) {
            throw new SQLException(e);
          }
        });
  }

  private void listenNotify() throws SQLException {
    PGConnection pg = conn.unwrap(PGConnection.class);
    try (Statement s = conn.createStatement()) {
      s.execute("LISTEN compat_channel");
      s.execute("NOTIFY compat_channel, 'to myself'");
      try (Connection other = another.get();
          Statement os = other.createStatement()) {
        os.execute("SELECT pg_notify('compat_channel', 'from another session')");
      }
      StringBuilder got = new StringBuilder();
      int received = 0;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (received < 2 && System.nanoTime() < deadline) {
        PGNotification[] ns = pg.getNotifications(500);
        if (ns == null) {
          continue;
        }
        for (PGNotification n : ns) {
          got.append(n.getName())
              .append('/')
              .append(n.getParameter())
              .append('/')
              .append(n.getPID() == pg.getBackendPID() ? "self" : "other")
              .append(' ');
          received++;
        }
      }
      t.add("notify", got.toString());
      s.execute("UNLISTEN *");
    }
  }

  private void metadata() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    t.add("md.product", md.getDatabaseProductName() + " " + md.getDatabaseMajorVersion());
    t.add("md.driver", md.getDriverName() + " " + md.getDriverVersion());
    t.add("md.jdbc", md.getJDBCMajorVersion() + "." + md.getJDBCMinorVersion());
    t.add("md.user", md.getUserName());
    t.add("md.quote", md.getIdentifierQuoteString());
    t.add("md.supportsSavepoints", md.supportsSavepoints());
    t.add("md.supportsBatch", md.supportsBatchUpdates());
    t.add("md.connectionIsSame", md.getConnection() == conn);
    try (ResultSet rs = md.getTables(null, "public", "compat_%", new String[] {"TABLE"})) {
      while (rs.next()) {
        t.add(
            "md.table",
            rs.getString("TABLE_NAME")
                + " "
                + rs.getString("TABLE_TYPE")
                + " "
                + rs.getString("REMARKS"));
        t.add("md.table.statementConnection", rs.getStatement().getConnection() == conn);
      }
    }
    try (ResultSet rs = md.getColumns(null, "public", "compat_items", "%")) {
      while (rs.next()) {
        t.add(
            "md.column",
            rs.getString("COLUMN_NAME")
                + " "
                + rs.getInt("DATA_TYPE")
                + " "
                + rs.getString("TYPE_NAME")
                + " "
                + rs.getInt("COLUMN_SIZE")
                + " "
                + rs.getInt("NULLABLE")
                + " "
                + rs.getString("COLUMN_DEF")
                + " "
                + rs.getString("IS_AUTOINCREMENT"));
      }
    }
    try (ResultSet rs = md.getPrimaryKeys(null, "public", "compat_items")) {
      while (rs.next()) {
        t.add("md.pk", rs.getString("COLUMN_NAME") + " " + rs.getString("PK_NAME"));
      }
    }
    try (ResultSet rs = md.getIndexInfo(null, "public", "compat_items", true, false)) {
      while (rs.next()) {
        t.add("md.index", rs.getString("INDEX_NAME") + " " + rs.getString("COLUMN_NAME"));
      }
    }
    try (ResultSet rs = md.getTypeInfo()) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      t.add("md.typeInfo.count", n);
    }
  }

  private void warnings() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$");
      StringBuilder w = new StringBuilder();
      for (SQLWarning x = s.getWarnings(); x != null; x = x.getNextWarning()) {
        w.append(x.getSQLState()).append(' ').append(x.getMessage()).append(';');
      }
      t.add("warnings.statement", w.toString());
      s.clearWarnings();
      t.add("warnings.cleared", s.getWarnings());
      s.execute("DROP TABLE IF EXISTS compat_never_existed");
      t.add("warnings.drop", s.getWarnings() == null ? null : s.getWarnings().getMessage());
    }
    t.add("warnings.connection", conn.getWarnings());
  }

  private void callable() throws SQLException {
    try (CallableStatement cs = conn.prepareCall("{? = call upper(?)}")) {
      cs.registerOutParameter(1, Types.VARCHAR);
      cs.setString(2, "shout");
      cs.execute();
      t.add("callable.result", cs.getString(1));
    }
    try (Statement s = conn.createStatement()) {
      s.execute(
          "CREATE OR REPLACE PROCEDURE compat_proc(INOUT x int) LANGUAGE plpgsql"
              + " AS $$ BEGIN x := x * 10; END $$");
    }
    try (CallableStatement cs = conn.prepareCall("CALL compat_proc(?)")) {
      cs.setInt(1, 4);
      cs.registerOutParameter(1, Types.INTEGER);
      cs.execute();
      t.add("procedure.inout", cs.getInt(1));
    }
  }

  private void connectionSettings() throws SQLException {
    t.add("conn.valid", conn.isValid(2));
    t.add("conn.catalog", conn.getCatalog());
    t.add("conn.schema", conn.getSchema());
    conn.setSchema("pg_catalog");
    t.add("conn.schema.set", conn.getSchema());
    conn.setSchema("public");
    t.add("conn.nativeSql", conn.nativeSQL("SELECT {fn ucase('a')}, {d '2024-01-02'}"));
    t.add("conn.holdability", conn.getHoldability());
    t.add("conn.readOnly", conn.isReadOnly());
    t.add("conn.clientInfo", conn.getClientInfo("ApplicationName"));
    conn.setClientInfo("ApplicationName", "compat");
    t.add("conn.clientInfo.set", conn.getClientInfo("ApplicationName"));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      conn.setNetworkTimeout(executor, 5000);
      t.add("conn.networkTimeout", conn.getNetworkTimeout());
      conn.setNetworkTimeout(executor, 0);
    } finally {
      executor.shutdown();
    }
    t.add("conn.array", conn.createArrayOf("int4", new Object[] {1, 2}));
    t.add("conn.typeMap", conn.getTypeMap());
  }

  private void wrappers() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      t.add("wrap.statementConnection", s.getConnection() == conn);
      t.add("wrap.resultSetStatement", rs.getStatement() == s);
      t.add("wrap.isWrapperForPg", conn.isWrapperFor(PGConnection.class));
      t.add("wrap.isWrapperForConnection", conn.isWrapperFor(Connection.class));
      t.add("wrap.unwrapConnection", conn.unwrap(Connection.class) == conn);
      t.add("wrap.unwrapPgStatement", s.unwrap(org.postgresql.PGStatement.class) != null);
      t.failure("wrap.unwrapUnrelated", () -> conn.unwrap(String.class));
    }
    try (PreparedStatement ps = conn.prepareStatement("SELECT ?::text")) {
      ps.setString(1, "x");
      try (ResultSet rs = ps.executeQuery()) {
        t.add("wrap.preparedResultSet", rs.getStatement() == ps);
      }
    }
  }

  private void abort() throws SQLException, InterruptedException {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      conn.abort(executor);
    } finally {
      executor.shutdown();
    }
    // abort closes on the executor: wait for it so that what follows is deterministic.
    t.add("abort.done", executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
    t.add("abort.closed", conn.isClosed());
    t.add("abort.valid", conn.isValid(1));
    t.failure("abort.use", () -> conn.createStatement());
  }
}
