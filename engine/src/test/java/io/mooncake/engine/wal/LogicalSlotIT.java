package io.mooncake.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LogicalSlotIT {

  private static final String DB = "wal_slot_it";

  private static EmbeddedPg pg;
  private static Connection session;

  @BeforeAll
  static void createDatabase() throws SQLException {
    pg = PgFixture.get();
    pg.createDatabase(DB);
    session = DriverManager.getConnection(pg.jdbcUrl(DB));
  }

  @AfterAll
  static void close() throws SQLException {
    session.close();
  }

  @Test
  void exportedSnapshotShowsTheTableAsOfSlotCreationAndTheStreamTheRest() throws SQLException {
    sql("CREATE TABLE copied (id int PRIMARY KEY)", "INSERT INTO copied VALUES (1)");
    Publication publication = new Publication("copy_pub");
    publication.create(session);
    publication.addTable(session, "public", "copied");
    LogicalSlot slot = new LogicalSlot("copy_slot");

    Lsn consistentPoint;
    String snapshot;
    try (ExportedSnapshot exported =
        slot.createWithExportedSnapshot(pg.jdbcUrl(DB), new Properties())) {
      consistentPoint = exported.consistentPoint();
      snapshot = exported.snapshotName();
      assertThat(exported.slot()).isEqualTo(slot);
      assertThat(slot.exists(session)).isTrue();
      sql("INSERT INTO copied VALUES (2)");

      try (Connection copier = DriverManager.getConnection(pg.jdbcUrl(DB));
          Statement s = copier.createStatement()) {
        copier.setAutoCommit(false);
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        s.execute("SET TRANSACTION SNAPSHOT " + s.enquoteLiteral(snapshot));
        assertThat(ids(s)).containsExactly(1);
        copier.commit();
        assertThat(ids(s)).containsExactly(1, 2);
      }
    }

    // Closing released the snapshot (the replication connection that held it is gone).
    try (Connection late = DriverManager.getConnection(pg.jdbcUrl(DB));
        Statement s = late.createStatement()) {
      late.setAutoCommit(false);
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      assertThatThrownBy(() -> s.execute("SET TRANSACTION SNAPSHOT " + s.enquoteLiteral(snapshot)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("snapshot");
      late.rollback();
    }

    // The stream from the consistent point carries exactly what the snapshot did not see.
    RecordingListener received = new RecordingListener();
    try (ReplicationStream stream =
        ReplicationStream.open(
            pg.jdbcUrl(DB),
            new Properties(),
            slot,
            publication,
            consistentPoint,
            Duration.ofSeconds(1))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      stream.runWhile(
          () -> System.nanoTime() < deadline && !(last(received) instanceof WalMessage.Commit),
          received);
    }
    assertThat(Transcript.of(received.messages))
        .containsExactly(
            "BEGIN", "RELATION public.copied DEFAULT (*id)", "INSERT copied ('2')", "COMMIT");
    assertThat(((WalMessage.Begin) received.messages.get(0)).finalLsn())
        .isGreaterThan(consistentPoint);

    assertThat(slot.confirmedFlushLsn(session)).isEqualTo(consistentPoint);
    slot.drop(session);
    assertThat(slot.exists(session)).isFalse();
    assertThat(slot.confirmedFlushLsn(session)).isNull();
    slot.drop(session); // dropping a missing slot is a no-op
    publication.drop(session);
  }

  @Test
  void creatingAnExistingSlotFailsWithPostgresState() {
    LogicalSlot slot = new LogicalSlot("twice");
    slot.createWithExportedSnapshot(pg.jdbcUrl(DB), new Properties()).close();
    assertThatThrownBy(() -> slot.createWithExportedSnapshot(pg.jdbcUrl(DB), new Properties()))
        .isInstanceOf(ReplicationException.class)
        .hasMessageContaining("could not create replication slot twice")
        .satisfies(e -> assertThat(((ReplicationException) e).sqlState()).isEqualTo("42710"));
    slot.drop(session);
  }

  @Test
  void publicationQuotesEveryIdentifierAndFollowsTableMembership() throws SQLException {
    sql(
        "CREATE SCHEMA \"My Schema\"",
        "CREATE TABLE \"My Schema\".\"Odd \"\"Name\"\"\" (id int PRIMARY KEY)",
        "CREATE TABLE \"My Schema\".plain (id int PRIMARY KEY)");
    Publication publication = new Publication("pub'; DROP TABLE x \"--");
    assertThat(publication.exists(session)).isFalse();
    publication.create(session);
    assertThat(publication.exists(session)).isTrue();
    publication.addTable(session, "My Schema", "Odd \"Name\"");
    publication.addTable(session, "My Schema", "plain");
    assertThat(publishedTables(publication)).containsExactly("Odd \"Name\"", "plain");
    try (var s =
        session.prepareStatement("SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
      s.setString(1, publication.name());
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("publish_via_partition_root").isTrue();
      }
    }

    publication.removeTable(session, "My Schema", "plain");
    assertThat(publishedTables(publication)).containsExactly("Odd \"Name\"");
    assertThatThrownBy(() -> publication.addTable(session, "My Schema", "missing"))
        .isInstanceOf(ReplicationException.class)
        .satisfies(e -> assertThat(((ReplicationException) e).sqlState()).isEqualTo("42P01"));

    // The stream's publication_names option survives the odd name too.
    LogicalSlot slot = new LogicalSlot("odd_names");
    slot.createWithExportedSnapshot(pg.jdbcUrl(DB), new Properties()).close();
    sql(
        "INSERT INTO \"My Schema\".\"Odd \"\"Name\"\"\" VALUES (7)",
        "INSERT INTO \"My Schema\".plain VALUES (8)");
    RecordingListener received = new RecordingListener();
    try (ReplicationStream stream =
        ReplicationStream.open(pg.jdbcUrl(DB), new Properties(), slot, publication, Lsn.ZERO)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      stream.runWhile(
          () -> System.nanoTime() < deadline && !(last(received) instanceof WalMessage.Commit),
          received);
    }
    assertThat(Transcript.of(received.messages))
        .containsExactly(
            "BEGIN",
            "RELATION My Schema.Odd \"Name\" DEFAULT (*id)",
            "INSERT Odd \"Name\" ('7')",
            "COMMIT");
    slot.drop(session);
    publication.drop(session);
    assertThat(publication.exists(session)).isFalse();
  }

  private static List<String> publishedTables(Publication publication) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (var s =
        session.prepareStatement(
            "SELECT tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY tablename")) {
      s.setString(1, publication.name());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  private static WalMessage last(RecordingListener received) {
    return received.messages.isEmpty() ? null : received.messages.get(received.messages.size() - 1);
  }

  private static List<Integer> ids(Statement s) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT id FROM copied ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  private static void sql(String... statements) throws SQLException {
    try (Statement s = session.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
