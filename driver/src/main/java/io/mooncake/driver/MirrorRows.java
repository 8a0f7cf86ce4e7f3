package io.mooncake.driver;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.Field;
import org.postgresql.core.Oid;
import org.postgresql.core.Tuple;

/**
 * The rows of a mirror query, handed over in chunks: each chunk is a PgJDBC result set of at most
 * {@code fetchSize} rows (or {@link #DEFAULT_CHUNK}) made from DuckDB's result, so the Java heap
 * holds one chunk at a time, whatever the size of the answer. Forward-only; a scrollable statement
 * gets one chunk holding every row. Every getter goes to the current chunk, which is PgJDBC's own
 * result set, so values and metadata are PgJDBC's.
 *
 * <p>Thread-safety: as PgJDBC's result set (one thread at a time).
 */
final class MirrorRows extends DelegatingResultSet {

  /** Rows per chunk when the statement's fetch size is 0 (PgJDBC's "all rows"). */
  static final int DEFAULT_CHUNK = 10_000;

  private final DuckStatements.Lease duckStatement;
  private final ResultSet duck;
  private final Field[] fields;
  private final BaseStatement owner;
  private final ZoneId zone;
  private final int maxRows;
  private final int chunkSize;
  private final boolean exactScales;
  private List<Tuple> lookahead;
  private long delivered;
  private long offset;
  private int currentSize;
  private boolean exhausted;

  private MirrorRows(
      DuckStatements.Lease duckStatement,
      ResultSet duck,
      Field[] fields,
      BaseStatement owner,
      ZoneId zone,
      int maxRows,
      int chunkSize,
      boolean exactScales) {
    super(owner, null);
    this.exactScales = exactScales;
    this.duckStatement = duckStatement;
    this.duck = duck;
    this.fields = fields;
    this.owner = owner;
    this.zone = zone;
    this.maxRows = maxRows;
    this.chunkSize = chunkSize;
  }

  /**
   * The rows of {@code duck} (DuckDB's result of {@code duckStatement}, given back with these rows)
   * as PostgreSQL would give them for {@code fields}; converts the first chunk at once, so that a
   * value DuckDB cannot give as PostgreSQL would fails here, before any row is handed out.
   */
  static MirrorRows open(
      DuckStatements.Lease duckStatement,
      ResultSet duck,
      Field[] fields,
      BaseStatement owner,
      ZoneId zone,
      int maxRows,
      boolean exactScales)
      throws SQLException {
    int fetch = owner.getFetchSize();
    int chunk =
        owner.getResultSetType() != ResultSet.TYPE_FORWARD_ONLY
            ? Integer.MAX_VALUE
            : fetch > 0 ? fetch : DEFAULT_CHUNK;
    MirrorRows rows =
        new MirrorRows(duckStatement, duck, fields, owner, zone, maxRows, chunk, exactScales);
    rows.forwardTo(rows.chunk(rows.convert()));
    return rows;
  }

  private List<Tuple> convert() throws SQLException {
    List<Tuple> tuples = new ArrayList<>();
    int n = fields.length;
    while (!exhausted && tuples.size() < chunkSize) {
      if ((maxRows > 0 && delivered >= maxRows) || !duck.next()) {
        exhausted = true;
        duckStatement.release();
        break;
      }
      byte[][] row = new byte[n][];
      for (int i = 0; i < n; i++) {
        Field f = fields[i];
        String text = MirrorQueries.text(duck, i + 1, f.getOID(), zone, exactScales);
        if (text != null && f.getOID() == Oid.BPCHAR && f.getMod() >= 4) {
          text = MirrorQueries.padded(text, f.getMod());
        }
        row[i] = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
      }
      tuples.add(new Tuple(row));
      delivered++;
    }
    return tuples;
  }

  private ResultSet chunk(List<Tuple> tuples) throws SQLException {
    currentSize = tuples.size();
    Field[] columns = new Field[fields.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = fields[i];
      columns[i].setFormat(Field.TEXT_FORMAT);
    }
    return owner.createDriverResultSet(columns, tuples);
  }

  /** Converts the next chunk, if the current one is over and DuckDB has more. */
  private List<Tuple> peek() throws SQLException {
    if (lookahead == null) {
      lookahead = exhausted ? List.of() : convert();
    }
    return lookahead;
  }

  @Override
  public boolean next() throws SQLException {
    ResultSet current = current();
    if (current.next()) {
      return true;
    }
    List<Tuple> more = peek();
    if (more.isEmpty()) {
      return false;
    }
    offset += currentSize;
    current.close();
    lookahead = null;
    ResultSet next = chunk(more);
    forwardTo(next);
    return next.next();
  }

  @Override
  public boolean isLast() throws SQLException {
    return current().isLast() && peek().isEmpty();
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    return current().isAfterLast() && peek().isEmpty();
  }

  @Override
  public boolean isFirst() throws SQLException {
    return offset == 0 && current().isFirst();
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    return offset == 0 && current().isBeforeFirst();
  }

  @Override
  public int getRow() throws SQLException {
    int row = current().getRow();
    return row == 0 ? 0 : (int) (offset + row);
  }

  @Override
  public void close() throws SQLException {
    try {
      current().close();
    } finally {
      exhausted = true;
      duckStatement.release();
    }
  }
}
