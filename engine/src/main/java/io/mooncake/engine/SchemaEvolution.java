package io.mooncake.engine;

import io.mooncake.engine.storage.MirrorTable;
import io.mooncake.engine.wal.WalMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A source's column change, seen in a pgoutput Relation message, applied to its mirror: added
 * columns (with the missing value of a non-volatile default), dropped columns and renamed columns
 * become an Iceberg schema change and a change of the mem slice; data files keep their columns and
 * are read by field id. What cannot be followed this way (a type change, a volatile default that
 * rewrote the table, a key column dropped) is refused with the reason: the mirror is then copied
 * again ({@link MirrorRecopy}).
 */
final class SchemaEvolution {

  private SchemaEvolution() {}

  /**
   * The Iceberg initial default of an added column whose rows that existed before hold {@code
   * missing} (PostgreSQL's text), or null when there is none or the type has no simple literal.
   */
  static Literal<?> initialDefault(ColumnType type, String missing) {
    if (missing == null || type.isText() && !type.duckType().equals("VARCHAR")) {
      return null;
    }
    Type t = type.icebergType();
    try {
      switch (t.typeId()) {
        case BOOLEAN:
          return Literal.of(missing.equals("t"));
        case INTEGER:
          return Literal.of(Integer.parseInt(missing));
        case LONG:
          return Literal.of(Long.parseLong(missing));
        case FLOAT:
          return Literal.of(Float.parseFloat(missing));
        case DOUBLE:
          return Literal.of(Double.parseDouble(missing));
        case DECIMAL:
          return Literal.of(
              new BigDecimal(missing)
                  .setScale(((Types.DecimalType) t).scale(), RoundingMode.UNNECESSARY));
        case STRING:
          return Literal.of(missing);
        case DATE:
          return Literal.of(missing).to(Types.DateType.get());
        default:
          return null;
      }
    } catch (RuntimeException e) {
      return null; // e.g. NaN or an era suffix: readers of older files get NULL
    }
  }

  /**
   * Applies {@code relation}'s columns (as {@code now}, the catalog's description of the source) to
   * {@code rt}; returns null, or why the change cannot be mirrored.
   */
  static String apply(MirrorRuntime rt, WalMessage.Relation relation, SourceTable now) {
    List<MirrorColumn> old = rt.state.schema().columns();
    List<WalMessage.Column> cols = relation.columns();
    if (now.columns().size() != cols.size()) {
      return "the source changed again before its change reached the mirror";
    }
    Set<String> newNames = new HashSet<>();
    cols.forEach(c -> newNames.add(c.name()));
    Set<String> oldNames = new HashSet<>();
    old.forEach(c -> oldNames.add(c.name()));
    boolean sameShape = old.size() == cols.size();
    List<MirrorColumn> next = new ArrayList<>();
    Set<Integer> kept = new HashSet<>();
    UpdateSchema update = rt.table.table().updateSchema();
    List<String> added = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      WalMessage.Column c = cols.get(i);
      SourceTable.Column described = now.columns().get(i);
      if (!described.name().equals(c.name())) {
        return "the source changed again before its change reached the mirror";
      }
      MirrorColumn was = null;
      for (MirrorColumn o : old) {
        if (o.name().equals(c.name())) {
          was = o;
        }
      }
      if (was == null
          && sameShape
          && !newNames.contains(old.get(i).name())
          && !oldNames.contains(c.name())) {
        was = old.get(i); // renamed in place
        update.renameColumn(was.name(), c.name());
      }
      if (was != null) {
        PgType t = was.type().pgType();
        if (t.oid() != c.typeOid() || t.typmod() != c.typeModifier()) {
          return "the type of column "
              + c.name()
              + " changed ("
              + t.name()
              + " to "
              + described.type().name()
              + "), and PostgreSQL rewrote the table without logging its rows";
        }
        kept.add(was.fieldId());
        next.add(
            new MirrorColumn(c.name(), was.type(), was.key(), was.fieldId(), was.missingSql()));
      } else {
        if (described.rewritten()) {
          return "column "
              + c.name()
              + " was added with a volatile default, which rewrote the"
              + " table without logging its rows";
        }
        ColumnType type = ColumnType.of(described.type());
        Literal<?> initial = initialDefault(type, described.missing());
        if (initial != null) {
          // Iceberg v3: readers give rows of older files this value, as PostgreSQL does.
          update.addColumn(c.name(), type.icebergType(), initial);
        } else {
          update.addColumn(c.name(), type.icebergType());
        }
        added.add(c.name());
        next.add(
            new MirrorColumn(
                c.name(), type, false, -1, MirrorCopy.missingSql(type, described.missing())));
      }
    }
    for (MirrorColumn o : old) {
      if (!kept.contains(o.fieldId())) {
        if (o.key() && !rt.state.schema().fullRowIdentity()) {
          return "key column " + o.name() + " was dropped";
        }
        update.deleteColumn(o.name());
      }
    }
    if (rt.state.schema().fullRowIdentity() && (added.size() > 0 || kept.size() < old.size())) {
      // The row identity of a table without a key is the whole row: it changes with the columns.
      return "the columns of "
          + rt.source
          + ", a table without a primary key, changed (its rows are identified by all"
          + " their columns)";
    }
    update.commit();
    rt.table.setProperty(MirrorTable.COLUMNS_PROPERTY, SourceColumns.of(now));
    List<MirrorColumn> withIds = new ArrayList<>();
    for (MirrorColumn c : next) {
      int id = c.fieldId() >= 0 ? c.fieldId() : rt.table.schema().findField(c.name()).fieldId();
      withIds.add(new MirrorColumn(c.name(), c.type(), c.key(), id, c.missingSql()));
    }
    try {
      rt.state.evolve(new MirrorSchema(withIds));
    } catch (java.sql.SQLException e) {
      return "changing the mirror's columns failed: " + e.getMessage();
    }
    rt.batch = new ChangeBatch(rt.state.schema().keyColumns());
    rt.dirty = true;
    return null;
  }
}
