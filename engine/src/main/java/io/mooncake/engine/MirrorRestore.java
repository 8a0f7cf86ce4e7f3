package io.mooncake.engine;

import io.mooncake.engine.storage.MirrorTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Brings mirrors back at engine start from their catalog entries and Iceberg tables (files,
 * deletion vectors, the LSN they cover), so that the stream replays only what Iceberg does not hold
 * yet. A mirror that cannot come back is marked failed with the reason; one whose source was
 * dropped while no engine ran is listed in {@link #gone} for the caller to remove; one whose
 * source's columns changed while no engine ran, or whose copy was interrupted, is listed in {@link
 * #recopy} for the caller to copy again.
 */
final class MirrorRestore {

  private final Connection control;
  private final DuckDBConnection duck;
  private final MirrorCatalog catalog;
  private final List<MirrorCatalog.Entry> gone = new ArrayList<>();
  private final Map<MirrorCatalog.Entry, String> recopy = new LinkedHashMap<>();

  MirrorRestore(Connection control, DuckDBConnection duck) {
    this.control = control;
    this.duck = duck;
    this.catalog = new MirrorCatalog(control);
  }

  /** The entries to copy again, and why. */
  Map<MirrorCatalog.Entry, String> recopy() {
    return recopy;
  }

  /** The entries whose source no longer exists. */
  List<MirrorCatalog.Entry> gone() {
    return gone;
  }

  /** The mirror of {@code e} with DuckDB id {@code id}, or null when it cannot come back. */
  MirrorRuntime restore(MirrorCatalog.Entry e, int id) throws SQLException {
    SourceTable source;
    try {
      source = SourceTable.describe(control, e.sourceOid());
    } catch (EngineException dropped) {
      gone.add(e);
      return null;
    }
    if (e.state().equals("copying")) {
      recopy.put(e, "its copy was interrupted by the engine's stop");
      return null;
    }
    Path location = Path.of(e.location());
    if (!MirrorTable.exists(location)) {
      return failed(e, "its Iceberg table is missing at " + location);
    }
    MirrorTable table = MirrorTable.open(location);
    List<String> held =
        table.schema().columns().stream().map(f -> f.name()).collect(Collectors.toList());
    List<String> now =
        source.columns().stream().map(SourceTable.Column::name).collect(Collectors.toList());
    String signature = table.property(MirrorTable.COLUMNS_PROPERTY);
    boolean changed =
        !held.equals(now) || signature != null && !signature.equals(SourceColumns.of(source));
    if (changed && e.state().equals("failed")) {
      return null; // stays failed, with its reason
    }
    if (changed) {
      recopy.put(e, "the columns of " + source.name() + " changed while no engine ran");
      return null;
    }
    TableMirror state = TableMirror.create(duck, id, MirrorCopy.schemaOf(table, source));
    state.restore(table);
    MirrorRuntime rt = new MirrorRuntime(e, state, table, table.state().lsn());
    if (e.state().equals("failed")) {
      rt.failure = "failed before the restart";
      rt.failureRecorded = true;
    }
    return rt;
  }

  private MirrorRuntime failed(MirrorCatalog.Entry e, String reason) throws SQLException {
    catalog.setState(e.mirror(), "failed", reason);
    return null;
  }
}
