package io.mooncake.engine;

import io.mooncake.engine.wal.LogicalSlot;
import io.mooncake.engine.wal.Publication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a process that died in the middle of creating or dropping a mirror leaves behind, removed
 * when the next owner starts: the temporary slots of initial copies, tables in the publication that
 * no mirror follows (they would make the walsender decode and send their changes), the slot and
 * publication when no mirror is left (an unused slot holds WAL forever), and the files of a dropped
 * mirror (their locations in {@code mooncake.dropped_mirrors}) unless a mirror created since lives
 * there (its creation emptied the place first).
 */
final class ReplicationCleanup {

  private ReplicationCleanup() {}

  /** Cleans up after earlier processes; {@code mirrors} is the catalog now. Run by the owner. */
  static void sweep(
      Connection c, List<MirrorCatalog.Entry> mirrors, LogicalSlot slot, Publication publication)
      throws SQLException {
    for (String name : copySlots(c, slot)) {
      LogicalSlot copy = new LogicalSlot(name);
      copy.evictConsumer(c);
      copy.drop(c);
    }
    Set<Long> followed =
        mirrors.stream().map(MirrorCatalog.Entry::sourceOid).collect(Collectors.toSet());
    for (long oid : publication.tables(c)) {
      if (!followed.contains(oid)) {
        publication.removeTable(c, oid);
      }
    }
    if (mirrors.isEmpty()) {
      if (slot.exists(c)) {
        slot.evictConsumer(c);
        slot.drop(c);
      }
      publication.drop(c);
    }
    Set<String> live =
        mirrors.stream().map(MirrorCatalog.Entry::location).collect(Collectors.toSet());
    MirrorCatalog catalog = new MirrorCatalog(c);
    for (String location : catalog.droppedLocations()) {
      if (!live.contains(location)) {
        Engine.deleteTree(java.nio.file.Path.of(location));
      }
      catalog.filesDeleted(location);
    }
  }

  /** The initial copies' slots of this database ({@code <slot>_copy_<pid>_<n>}). */
  private static List<String> copySlots(Connection c, LogicalSlot slot) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT slot_name FROM pg_catalog.pg_replication_slots WHERE database ="
                + " current_database() AND starts_with(slot_name::text, ?)")) {
      ps.setString(1, slot.name() + "_copy_");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }
}
