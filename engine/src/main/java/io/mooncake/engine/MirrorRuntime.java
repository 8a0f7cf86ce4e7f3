package io.mooncake.engine;

import io.mooncake.engine.storage.MirrorTable;

/**
 * One mirror while the engine runs: its catalog entry, its live state in DuckDB, its Iceberg table,
 * the changes waiting for the next batch, and whether it failed. Used by the apply thread only,
 * except the volatile fields that status readers look at.
 */
final class MirrorRuntime {

  final MirrorCatalog.Entry entry;
  final TableMirror state;
  final MirrorTable table;

  /** Changes with a commit LSN at or before this are already in the mirror (initial copy). */
  final Lsn skipThrough;

  ChangeBatch batch;

  /** Deleted positions or rows not yet in Iceberg. */
  boolean dirty;

  volatile String failure;

  /** Whether the catalog says the mirror failed (until it does, the slot is not confirmed). */
  boolean failureRecorded;

  /** The source's name now (it follows a rename). */
  volatile MirrorName source;

  MirrorRuntime(MirrorCatalog.Entry entry, TableMirror state, MirrorTable table, Lsn skipThrough) {
    this.entry = entry;
    this.state = state;
    this.table = table;
    this.skipThrough = skipThrough;
    this.batch = new ChangeBatch(state.schema().keyColumns());
    this.source = entry.source();
  }

  MirrorName name() {
    return entry.mirror();
  }

  boolean failed() {
    return failure != null;
  }
}
