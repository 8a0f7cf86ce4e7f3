package io.mooncake.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mooncake.engine.Lsn;
import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ReplicationStreamIT {

  private static final String DB = "wal_stream_it";
  private static final LogicalSlot SLOT = new LogicalSlot("wal_stream_it");
  private static final Publication PUBLICATION = new Publication("wal stream \"it\"");

  private static EmbeddedPg pg;
  private static Connection session;

  @BeforeAll
  static void createTablesPublicationAndSlot() throws SQLException {
    pg = PgFixture.get();
    pg.createDatabase(DB);
    session = DriverManager.getConnection(pg.jdbcUrl(DB));
    sql(
        "CREATE TABLE items (id int PRIMARY KEY, name text, payload text)",
        // Stored out of line and uncompressed, so a 10 kB value is really TOASTed.
        "ALTER TABLE items ALTER COLUMN payload SET STORAGE EXTERNAL",
        "CREATE TABLE events (k text, v int)",
        "ALTER TABLE events REPLICA IDENTITY FULL",
        "CREATE TABLE unpublished (x int)",
        "CREATE TABLE bulk (k text, v int)");
    PUBLICATION.create(session);
    PUBLICATION.addTable(session, "public", "items");
    PUBLICATION.addTable(session, "public", "events");
    PUBLICATION.addTable(session, "public", "bulk");
    try (ExportedSnapshot created =
        SLOT.createWithExportedSnapshot(pg.jdbcUrl(DB), new Properties())) {
      assertThat(created.consistentPoint()).isNotEqualTo(Lsn.ZERO);
    }
  }

  @AfterAll
  static void dropSlot() throws SQLException {
    SLOT.drop(session);
    assertThat(SLOT.exists(session)).isFalse();
    PUBLICATION.drop(session);
    assertThat(PUBLICATION.exists(session)).isFalse();
    session.close();
  }

  @Test
  void deliversCommittedChangesInCommitOrderAndStreamsLargeTransactions() throws SQLException {
    RecordingListener received = new RecordingListener();
    List<Lsn> afterCommits = new ArrayList<>();
    try (ReplicationStream stream = openStream()) {
      int serverVersion;
      try (var s = session.createStatement();
          var rs = s.executeQuery("SHOW server_version_num")) {
        rs.next();
        serverVersion = rs.getInt(1);
      }
      // PostgreSQL 16+ speaks protocol 4, 15 speaks 3, 14 speaks 2.
      assertThat(stream.protocolVersion())
          .isEqualTo(serverVersion >= 160000 ? 4 : serverVersion >= 150000 ? 3 : 2);
      sql("INSERT INTO items VALUES (1, 'a', repeat('x', 10000)), (2, 'b', NULL)");
      afterCommits.add(currentLsn());
      sql("UPDATE items SET name = 'a2' WHERE id = 1"); // payload unchanged and TOASTed
      afterCommits.add(currentLsn());
      sql("UPDATE items SET id = 10 WHERE id = 2"); // the key changes
      afterCommits.add(currentLsn());
      transaction(
          "INSERT INTO events VALUES ('e', 1)",
          "UPDATE events SET v = 2",
          "DELETE FROM events",
          "DELETE FROM items WHERE id = 10");
      afterCommits.add(currentLsn());
      session.setAutoCommit(false);
      sql("INSERT INTO items VALUES (99, 'rolled back', NULL)");
      session.rollback();
      session.setAutoCommit(true);
      sql("TRUNCATE items, events RESTART IDENTITY CASCADE");
      afterCommits.add(currentLsn());
      transaction("INSERT INTO events SELECT 'big', g FROM generate_series(1, 5000) g");
      afterCommits.add(currentLsn());

      // A transaction is streamed only while it is in progress (the walsender discards one it
      // already knows aborted), so roll back only once its first segment has arrived.
      session.setAutoCommit(false);
      sql("INSERT INTO events SELECT 'doomed', g FROM generate_series(1, 5000) g");
      readUntil(stream, received, () -> streamStarts(received).size() == 2);
      session.rollback();
      session.setAutoCommit(true);

      // A streamed transaction whose subtransaction rolls back after being streamed.
      session.setAutoCommit(false);
      sql("INSERT INTO events SELECT 'kept', g FROM generate_series(1, 3000) g", "SAVEPOINT s");
      sql("INSERT INTO events SELECT 'undone', g FROM generate_series(1, 5000) g");
      readUntil(stream, received, () -> streamedSubtransactionChanges(received));
      sql("ROLLBACK TO SAVEPOINT s", "INSERT INTO events VALUES ('kept too', 1)");
      session.commit();
      session.setAutoCommit(true);
      afterCommits.add(currentLsn());

      transaction("SELECT pg_logical_emit_message(true, 'mooncake', 'hello')");
      afterCommits.add(currentLsn());
      sql("SELECT pg_logical_emit_message(false, 'test', 'end')");
      readUntil(stream, received, () -> lastIsEndMarker(received));

      assertThat(stream.relation(oidOf("items")).name()).isEqualTo("items");
      assertThat(stream.idlePosition())
          .hasValueSatisfying(
              p -> assertThat(p).isGreaterThan(afterCommits.get(afterCommits.size() - 1)));
    }

    // PostgreSQL may send a table's Relation message again before any change (when its relcache
    // entry was invalidated): repeated, identical descriptions are compared without repeats.
    assertThat(withoutRepeatedRelations(Transcript.of(received.messages)))
        .containsExactlyElementsOf(
            withoutRepeatedRelations(
                List.of(
                    "BEGIN",
                    "RELATION public.items DEFAULT (*id, name, payload)",
                    "INSERT items ('1', 'a', <10000 chars>)",
                    "INSERT items ('2', 'b', null)",
                    "COMMIT",
                    "BEGIN",
                    "UPDATE items ('1', 'a2', <unchanged toast>)",
                    "COMMIT",
                    "BEGIN",
                    "UPDATE items KEY ('2', null, null) -> ('10', 'b', null)",
                    "COMMIT",
                    "BEGIN",
                    "RELATION public.events FULL (*k, *v)",
                    "INSERT events ('e', '1')",
                    "UPDATE events FULL ('e', '1') -> ('e', '2')",
                    "DELETE events FULL ('e', '2')",
                    "DELETE items KEY ('10', null, null)",
                    "COMMIT",
                    "BEGIN",
                    // TRUNCATE gives the tables new storage, which invalidates pgoutput's schema
                    // cache.
                    "RELATION public.items DEFAULT (*id, name, payload)",
                    "RELATION public.events FULL (*k, *v)",
                    "TRUNCATE items events CASCADE RESTART IDENTITY",
                    "COMMIT",
                    "STREAM COMMIT {events=5000} in several segments",
                    "STREAM ABORT [events]",
                    "STREAM ABORT subtransaction [events]",
                    "STREAM COMMIT {events=3001} in several segments",
                    "BEGIN",
                    "MESSAGE transactional mooncake 'hello'",
                    "COMMIT",
                    "MESSAGE test 'end'")));
    assertCommitLsns(received.messages, afterCommits);
    assertStreamedChangesCarryTheirXid(received.messages);
  }

  private static List<String> withoutRepeatedRelations(List<String> lines) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String line : lines) {
      if (!line.startsWith("RELATION ") || seen.add(line)) {
        out.add(line);
      }
    }
    return out;
  }

  /** Each commit lies between the WAL positions read before and after it, in commit order. */
  private static void assertCommitLsns(List<WalMessage> messages, List<Lsn> afterCommits) {
    List<Lsn[]> commits = new ArrayList<>(); // {commitLsn, endLsn}
    Lsn beginFinal = null;
    for (WalMessage m : messages) {
      if (m instanceof WalMessage.Begin) {
        beginFinal = ((WalMessage.Begin) m).finalLsn();
      } else if (m instanceof WalMessage.Commit) {
        WalMessage.Commit c = (WalMessage.Commit) m;
        assertThat(c.commitLsn())
            .as("Begin's final LSN is the commit record's")
            .isEqualTo(beginFinal);
        commits.add(new Lsn[] {c.commitLsn(), c.endLsn()});
      } else if (m instanceof WalMessage.StreamCommit) {
        WalMessage.StreamCommit c = (WalMessage.StreamCommit) m;
        commits.add(new Lsn[] {c.commitLsn(), c.endLsn()});
      }
    }
    assertThat(commits).hasSameSizeAs(afterCommits);
    Lsn previous = Lsn.ZERO;
    for (int i = 0; i < commits.size(); i++) {
      Lsn commit = commits.get(i)[0];
      Lsn end = commits.get(i)[1];
      assertThat(commit).as("commit %d after the previous one", i).isGreaterThanOrEqualTo(previous);
      assertThat(end).as("commit %d ends after it starts", i).isGreaterThan(commit);
      assertThat(end)
          .as("commit %d ends before the WAL position read after it", i)
          .isLessThanOrEqualTo(afterCommits.get(i));
      previous = afterCommits.get(i);
    }
  }

  private static void assertStreamedChangesCarryTheirXid(List<WalMessage> messages) {
    long segmentXid = 0;
    boolean sawStreamedRelation = false;
    for (WalMessage m : messages) {
      if (m instanceof WalMessage.StreamStart) {
        segmentXid = ((WalMessage.StreamStart) m).xid();
      } else if (m instanceof WalMessage.StreamStop) {
        segmentXid = 0;
      } else if (m instanceof WalMessage.Insert && segmentXid == 0) {
        assertThat(((WalMessage.Insert) m).xid()).isZero();
      } else if (m instanceof WalMessage.Insert) {
        // The top-level transaction's xid, or one of its subtransactions' (which are later).
        assertThat(((WalMessage.Insert) m).xid()).isGreaterThanOrEqualTo(segmentXid);
      } else if (m instanceof WalMessage.Relation && segmentXid != 0) {
        // Like changes, a Relation carries the xid of the subtransaction whose change needed it.
        assertThat(((WalMessage.Relation) m).xid()).isGreaterThanOrEqualTo(segmentXid);
        sawStreamedRelation = true;
      } else if (m instanceof WalMessage.StreamAbort) {
        WalMessage.StreamAbort a = (WalMessage.StreamAbort) m;
        assertThat(a.subXid()).isGreaterThanOrEqualTo(a.xid());
        assertThat(a.abortLsn()).as("sent only with streaming = parallel").isNull();
      }
    }
    assertThat(sawStreamedRelation).isTrue();
  }

  @Test
  void idlePositionAdvancesPastUnpublishedWritesAndOnlyConfirmedPositionsAreFlushed()
      throws SQLException {
    RecordingListener received = new RecordingListener();
    try (ReplicationStream stream = openStream()) {
      sql("INSERT INTO items VALUES (500, 'marker', NULL)");
      Lsn afterMarker = currentLsn();
      readUntil(
          stream,
          received,
          () -> received.messages.stream().anyMatch(WalMessage.Commit.class::isInstance));
      Lsn confirmedBefore = SLOT.confirmedFlushLsn(session);

      for (int i = 0; i < 20; i++) {
        sql("INSERT INTO unpublished SELECT g FROM generate_series(1, 100) g");
      }
      Lsn afterUnpublished = currentLsn();
      readUntil(
          stream,
          received,
          () -> stream.idlePosition().map(p -> p.compareTo(afterUnpublished) >= 0).orElse(false));
      assertThat(Transcript.of(received.messages)).noneMatch(line -> line.contains("unpublished"));

      // Periodic status updates (every 100 ms here) must not confirm anything by themselves.
      pollFor(stream, received, Duration.ofMillis(500));
      assertThat(SLOT.confirmedFlushLsn(session)).isEqualTo(confirmedBefore);

      stream.confirmFlushed(afterMarker);
      awaitConfirmedFlush(afterMarker);
      pollFor(stream, received, Duration.ofMillis(500));
      assertThat(SLOT.confirmedFlushLsn(session)).isEqualTo(afterMarker);
      assertThat(stream.confirmedFlushed()).isEqualTo(afterMarker);
    }
  }

  @Test
  void aConsumerThatStallsLosesNothingAndTheWalsenderStillHearsFromTheStream() throws SQLException {
    RecordingListener received = new RecordingListener();
    try (ReplicationStream stream = openStream()) {
      Lsn before = currentLsn();
      // More changes than the reading thread may queue: it stops reading until the consumer polls.
      transaction("INSERT INTO bulk SELECT 'stall', g FROM generate_series(1, 40000) g");
      Lsn end = currentLsn();
      java.sql.Timestamp firstReply = awaitReply(null);
      sleep(1_000);
      // Without polling: the status updates go on, and a confirmation is sent all the same.
      assertThat(awaitReply(firstReply)).isAfter(firstReply);
      stream.confirmFlushed(before);
      awaitConfirmedFlush(before);
      readUntil(
          stream,
          received,
          () ->
              !received.messages.isEmpty()
                  && received.messages.get(received.messages.size() - 1)
                      instanceof WalMessage.StreamCommit);
      // The other tests of this slot start after it.
      stream.confirmFlushed(end);
      awaitConfirmedFlush(end);
    }
    List<Integer> values = new ArrayList<>();
    for (WalMessage m : received.messages) {
      if (m instanceof WalMessage.Insert) {
        values.add(Integer.parseInt(((WalMessage.Insert) m).newTuple().text(1)));
      }
    }
    assertThat(values).hasSize(40_000).isSorted();
    assertThat(values.get(0)).isEqualTo(1);
  }

  /** The walsender's last reply time from this test's slot, once it is after {@code after}. */
  private static java.sql.Timestamp awaitReply(java.sql.Timestamp after) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Statement s = session.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT r.reply_time FROM pg_stat_replication r JOIN pg_replication_slots p"
                      + " ON p.active_pid = r.pid WHERE p.slot_name = '"
                      + SLOT.name()
                      + "'")) {
        java.sql.Timestamp reply = rs.next() ? rs.getTimestamp(1) : null;
        if (reply != null && (after == null || reply.after(after))) {
          return reply;
        }
      }
      if (System.nanoTime() > deadline) {
        fail("the walsender heard nothing new from the stream since %s", after);
      }
      sleep(20);
    }
  }

  private static void awaitConfirmedFlush(Lsn expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!expected.equals(SLOT.confirmedFlushLsn(session))) {
      if (System.nanoTime() > deadline) {
        fail(
            "confirmed_flush_lsn stayed %s, expected %s",
            SLOT.confirmedFlushLsn(session), expected);
      }
      sleep(10);
    }
  }

  private static ReplicationStream openStream() {
    Properties properties = new Properties();
    // Decoding memory is the walsender's setting: pass it in the replication connection's startup.
    properties.setProperty("options", "-c logical_decoding_work_mem=64kB");
    return ReplicationStream.open(
        pg.jdbcUrl(DB), properties, SLOT, PUBLICATION, Lsn.ZERO, Duration.ofMillis(100));
  }

  private static void readUntil(
      ReplicationStream stream, WalListener listener, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    stream.runWhile(
        () -> {
          if (System.nanoTime() > deadline) {
            fail("timed out; received so far: %s", listener);
          }
          return !done.getAsBoolean();
        },
        listener);
  }

  private static void pollFor(ReplicationStream stream, WalListener listener, Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    stream.runWhile(() -> System.nanoTime() < until, listener);
  }

  private static List<Long> streamStarts(RecordingListener received) {
    return received.messages.stream()
        .filter(
            m -> m instanceof WalMessage.StreamStart && ((WalMessage.StreamStart) m).firstSegment())
        .map(m -> ((WalMessage.StreamStart) m).xid())
        .collect(Collectors.toList());
  }

  /** Whether changes of a subtransaction (xid other than its segment's) have arrived. */
  private static boolean streamedSubtransactionChanges(RecordingListener received) {
    long segmentXid = 0;
    for (WalMessage m : received.messages) {
      if (m instanceof WalMessage.StreamStart) {
        segmentXid = ((WalMessage.StreamStart) m).xid();
      } else if (m instanceof WalMessage.Insert
          && segmentXid != 0
          && ((WalMessage.Insert) m).xid() != segmentXid) {
        return true;
      }
    }
    return false;
  }

  private static boolean lastIsEndMarker(RecordingListener received) {
    if (received.messages.isEmpty()) {
      return false;
    }
    WalMessage last = received.messages.get(received.messages.size() - 1);
    return last instanceof WalMessage.LogicalMessage
        && ((WalMessage.LogicalMessage) last).prefix().equals("test");
  }

  private static int oidOf(String table) throws SQLException {
    try (Statement s = session.createStatement();
        ResultSet rs = s.executeQuery("SELECT '" + table + "'::regclass::oid")) {
      rs.next();
      return (int) rs.getLong(1);
    }
  }

  private static Lsn currentLsn() throws SQLException {
    try (Statement s = session.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    }
  }

  private static void transaction(String... statements) throws SQLException {
    session.setAutoCommit(false);
    sql(statements);
    session.commit();
    session.setAutoCommit(true);
  }

  private static void sql(String... statements) throws SQLException {
    try (Statement s = session.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
