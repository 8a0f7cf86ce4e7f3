package io.mooncake.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * Where a process reads a database's mirrors with DuckDB: the engine running in this process
 * ({@link Engine}), or the Iceberg tables another process's engine keeps ({@link IcebergReads}).
 * Thread-safe.
 */
public interface MirrorReads {

  /**
   * The mirrors: name → what a reader needs (its DuckDB view, or why it cannot be read now). The
   * same immutable map until a mirror is created, dropped, changes its columns or fails.
   */
  Map<MirrorName, Engine.MirrorInfo> mirrors();

  /** A new DuckDB connection to the mirrors' views, for one reader; the caller closes it. */
  Connection reader() throws SQLException;

  /**
   * Read-your-writes: waits (at most {@code timeout}; not when zero) until the views hold every
   * commit up to {@code target}, and until the mirrors of sources {@code sourceColumns} (source OID
   * to its column signature, as {@link SourceColumns#freshnessQuery} reads them) have those
   * columns. Returns whether {@link #mirrors()} changed meanwhile (plans made before are stale).
   * {@code 57014} when the wait times out.
   */
  boolean awaitFresh(Lsn target, Map<Long, String> sourceColumns, Duration timeout);

  /** Whether this still serves reads (an engine that stopped does not). */
  boolean usable();
}
