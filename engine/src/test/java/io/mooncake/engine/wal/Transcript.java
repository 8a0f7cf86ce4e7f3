package io.mooncake.engine.wal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders received messages as short readable lines, so that an integration test can state exactly
 * what the walsender sent. A streamed transaction becomes one summary line at its commit or abort
 * (its thousands of inserts are counted, per table, across all its segments; for an abort, only the
 * tables are named).
 */
final class Transcript {

  private final List<String> lines = new ArrayList<>();
  private final Map<Integer, String> tables = new LinkedHashMap<>();

  /** Inserts streamed so far, per (sub)transaction xid, then per table. */
  private final Map<Long, Map<String, Integer>> streamedInserts = new LinkedHashMap<>();

  private int segments;
  private boolean inSegment;

  static List<String> of(List<WalMessage> messages) {
    Transcript t = new Transcript();
    messages.forEach(t::add);
    return t.lines;
  }

  private void add(WalMessage m) {
    if (m instanceof WalMessage.Relation) {
      WalMessage.Relation r = (WalMessage.Relation) m;
      tables.put(r.oid(), r.name());
      if (inSegment) {
        return; // re-sent in every streamed transaction; checked separately
      }
      StringBuilder s =
          new StringBuilder("RELATION ").append(r.namespace()).append('.').append(r.name());
      s.append(' ').append(r.replicaIdentity()).append(" (");
      for (int i = 0; i < r.columns().size(); i++) {
        WalMessage.Column c = r.columns().get(i);
        s.append(i == 0 ? "" : ", ").append(c.partOfKey() ? "*" : "").append(c.name());
      }
      lines.add(s.append(')').toString());
    } else if (m instanceof WalMessage.Begin) {
      lines.add("BEGIN");
    } else if (m instanceof WalMessage.Commit) {
      lines.add("COMMIT");
    } else if (m instanceof WalMessage.Insert && inSegment) {
      WalMessage.Insert i = (WalMessage.Insert) m;
      streamedInserts
          .computeIfAbsent(i.xid(), x -> new LinkedHashMap<>())
          .merge(tables.get(i.relationOid()), 1, Integer::sum);
    } else if (m instanceof WalMessage.Insert) {
      WalMessage.Insert i = (WalMessage.Insert) m;
      lines.add("INSERT " + tables.get(i.relationOid()) + " " + row(i.newTuple()));
    } else if (m instanceof WalMessage.Update) {
      WalMessage.Update u = (WalMessage.Update) m;
      String old = u.oldTuple() == null ? "" : u.oldKind() + " " + row(u.oldTuple()) + " -> ";
      lines.add("UPDATE " + tables.get(u.relationOid()) + " " + old + row(u.newTuple()));
    } else if (m instanceof WalMessage.Delete) {
      WalMessage.Delete d = (WalMessage.Delete) m;
      lines.add(
          "DELETE " + tables.get(d.relationOid()) + " " + d.oldKind() + " " + row(d.oldTuple()));
    } else if (m instanceof WalMessage.Truncate) {
      WalMessage.Truncate t = (WalMessage.Truncate) m;
      StringBuilder s = new StringBuilder("TRUNCATE");
      t.relationOids().forEach(oid -> s.append(' ').append(tables.get(oid)));
      lines.add(
          s + (t.cascade() ? " CASCADE" : "") + (t.restartIdentity() ? " RESTART IDENTITY" : ""));
    } else if (m instanceof WalMessage.LogicalMessage) {
      WalMessage.LogicalMessage l = (WalMessage.LogicalMessage) m;
      lines.add(
          "MESSAGE "
              + (l.transactional() ? "transactional " : "")
              + l.prefix()
              + " '"
              + new String(l.content(), StandardCharsets.UTF_8)
              + "'");
    } else if (m instanceof WalMessage.StreamStart) {
      inSegment = true;
      segments++;
    } else if (m instanceof WalMessage.StreamStop) {
      inSegment = false;
    } else if (m instanceof WalMessage.StreamCommit) {
      Map<String, Integer> total = new LinkedHashMap<>();
      streamedInserts
          .values()
          .forEach(t -> t.forEach((table, n) -> total.merge(table, n, Integer::sum)));
      lines.add("STREAM COMMIT " + streamedSummary(total.toString()));
    } else if (m instanceof WalMessage.StreamAbort) {
      WalMessage.StreamAbort a = (WalMessage.StreamAbort) m;
      // How much was streamed before the walsender saw the abort varies, and so does in how many
      // segments: name the tables only.
      if (a.subXid() != a.xid()) {
        lines.add("STREAM ABORT subtransaction " + streamedInserts.remove(a.subXid()).keySet());
      } else {
        Map<String, Integer> any = new LinkedHashMap<>();
        streamedInserts.values().forEach(any::putAll);
        streamedSummary("");
        lines.add("STREAM ABORT " + any.keySet());
      }
    } else {
      lines.add(m.toString());
    }
  }

  private String streamedSummary(String changes) {
    String summary = changes + (segments > 1 ? " in several segments" : " in one segment");
    streamedInserts.clear();
    segments = 0;
    return summary;
  }

  /** A row as ('1', null, <unchanged toast>, <10000 chars>). */
  static String row(TupleData t) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < t.size(); i++) {
      s.append(i == 0 ? "" : ", ");
      switch (t.kind(i)) {
        case NULL:
          s.append("null");
          break;
        case UNCHANGED_TOAST:
          s.append("<unchanged toast>");
          break;
        case TEXT:
          String v = t.text(i);
          s.append(v.length() > 30 ? "<" + v.length() + " chars>" : "'" + v + "'");
          break;
        default:
          s.append("<binary>");
      }
    }
    return s.append(')').toString();
  }
}
