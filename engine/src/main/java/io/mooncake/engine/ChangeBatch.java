package io.mooncake.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net effect of a run of committed changes on one mirror, per row key: how many rows that
 * existed before the batch go, and which row images remain. Applying the net effect gives the same
 * table as applying the changes one by one, with a few set-based statements instead of one per row.
 *
 * <p>Row images are PostgreSQL text values; {@link #UNCHANGED} marks an unchanged TOASTed value of
 * an UPDATE that this batch could not fill from an earlier image. Not thread-safe.
 */
final class ChangeBatch {

  /** The marker of an unchanged TOASTed value (compared by identity). */
  static final String UNCHANGED = new String("<unchanged toast>");

  /** What happens to one key. */
  static final class Net {
    /** Rows with this key that existed before the batch and are deleted. */
    int deleteExisting;

    /** A row image holding the key's values (the first seen), to name the rows to delete. */
    String[] keyRow;

    /** Row images inserted by the batch and still alive at its end. */
    final List<Pending> inserts = new ArrayList<>(1);
  }

  /**
   * An inserted row image; {@code source} is a row image holding the key of the stored row that its
   * unchanged values come from, or null when it has none.
   */
  record Pending(String[] row, String[] source) {}

  private final int[] keyColumns;
  private final Map<RowKey, Net> net = new LinkedHashMap<>();
  private boolean truncated;
  private int changes;

  ChangeBatch(int[] keyColumns) {
    this.keyColumns = keyColumns;
  }

  void insert(String[] row) {
    changes++;
    entry(row).inserts.add(new Pending(row, null));
  }

  void delete(String[] oldRow) {
    changes++;
    Net n = entry(oldRow);
    if (!n.inserts.isEmpty()) {
      n.inserts.remove(n.inserts.size() - 1);
    } else {
      n.deleteExisting++;
    }
  }

  /**
   * An UPDATE: {@code oldRow} is the old key (other columns may be null) or the full old row;
   * unchanged TOASTed values in {@code newRow} are taken from the batch's image of the old row when
   * it has one, else left {@link #UNCHANGED} for the store to fill from the stored row.
   */
  void update(String[] oldRow, String[] newRow) {
    Net old = net.get(key(oldRow));
    Pending previous =
        old == null || old.inserts.isEmpty() ? null : old.inserts.get(old.inserts.size() - 1);
    boolean unresolved = false;
    for (int i = 0; i < newRow.length; i++) {
      if (newRow[i] == UNCHANGED) {
        if (previous != null && previous.row()[i] != UNCHANGED) {
          newRow[i] = previous.row()[i];
        } else {
          unresolved = true;
        }
      }
    }
    String[] source = unresolved ? (previous != null ? previous.source() : oldRow) : null;
    delete(oldRow); // counts the update as one change
    entry(newRow).inserts.add(new Pending(newRow, source));
  }

  /** TRUNCATE: every row that existed before goes, and so does everything the batch inserted. */
  void truncate() {
    changes++;
    net.clear();
    truncated = true;
  }

  boolean truncated() {
    return truncated;
  }

  boolean isEmpty() {
    return changes == 0;
  }

  int changes() {
    return changes;
  }

  Map<RowKey, Net> net() {
    return net;
  }

  private RowKey key(String[] row) {
    return RowKey.of(row, keyColumns);
  }

  private Net entry(String[] row) {
    Net n = net.computeIfAbsent(key(row), k -> new Net());
    if (n.keyRow == null) {
      n.keyRow = row;
    }
    return n;
  }
}
