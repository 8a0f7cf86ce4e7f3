package io.mooncake.bench;

import io.mooncake.engine.Engine;
import io.mooncake.engine.Lsn;
import io.mooncake.engine.wal.PgOutputDecoder;
import io.mooncake.engine.wal.WalListener;
import io.mooncake.engine.wal.WalMessage;
import io.mooncake.testkit.EmbeddedPg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * The engine's apply rate on a sustained insert/update mix against a bare read of the same WAL, the
 * issue's "vs pg_recvlogical's raw decode" (pg_recvlogical is not in the embedded PostgreSQL).
 *
 * <p>Every reader consumes WAL that is already written, from a slot of its own, timed from an open
 * stream to the end of the mix, so the figures compare consumers, not the writer. The mirror is
 * created and the engine closed (its slot confirmed); a second pgoutput slot is created on the
 * engine's publication; the mix is written and ended by a marker message. That slot is then read to
 * the marker with the engine's stream options, once counting bytes as pg_recvlogical does, once
 * also decoding with the engine's {@link PgOutputDecoder}; then the engine starts again (restoring
 * the mirror is not timed) and replays its slot until the mix's last commit is applied; then the
 * two reads again. The bare reads never confirm a position, so each starts at the same place: the
 * faster of each pair is compared with the engine, whose one run sits between them.
 */
final class ApplyVsDecode {

  /** The changes of one source transaction: half inserts of new rows, half updates. */
  private static final int CHANGES_PER_TRANSACTION = 500;

  private static final int INITIAL_ROWS = 100_000;
  private static final String PUBLICATION = "mooncake";
  private static final String SLOT = "bench_raw";
  private static final String MARKER = "mooncake-bench-end";

  private ApplyVsDecode() {}

  static void run(EmbeddedPg pg, Path warehouse, int changes) throws SQLException {
    String db = pg.createDatabase("decode");
    Engine.Settings settings = EngineBench.settings(pg, db, warehouse);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE mix (id bigint PRIMARY KEY, n int, label text, amount numeric(12,2),"
              + " at timestamptz)");
      s.execute(
          "INSERT INTO mix SELECT g, g % 1000, 'row ' || g, (g % 100000) / 100.0,"
              + " timestamptz '2024-01-01' + g * interval '1 second'"
              + " FROM generate_series(1, "
              + INITIAL_ROWS
              + ") g");
      s.execute("VACUUM ANALYZE mix");
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("mix_cs", "mix");
      }
      // Created after the engine confirmed its slot and before the mix: the same WAL follows.
      s.execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
      String slotStart = confirmedFlush(s);
      Lsn start = EngineBench.currentLsn(s);

      long t0 = System.nanoTime();
      writeMix(c, changes);
      double written = (System.nanoTime() - t0) / 1e9;
      // The engine waits for the mix's last commit; the bare reads stop at the marker just after.
      Lsn target = EngineBench.currentLsn(s);
      s.execute("SELECT pg_logical_emit_message(true, '" + MARKER + "', '')");
      long walBytes = target.asLong() - start.asLong();
      int total = changes / CHANGES_PER_TRANSACTION * CHANGES_PER_TRANSACTION;

      int protocol = protocolVersion(s);
      Read raw1 = read(pg, db, protocol, false);
      Read decoded1 = read(pg, db, protocol, true);
      double apply;
      try (Engine engine = Engine.start(settings)) {
        // start() returns with the mirror restored and the stream open: the replay starts now.
        long t1 = System.nanoTime();
        engine.awaitApplied(target, Duration.ofMinutes(10));
        apply = (System.nanoTime() - t1) / 1e9;
        checkMirror(engine, s);
      }
      Read raw2 = read(pg, db, protocol, false);
      Read decoded2 = read(pg, db, protocol, true);
      if (!confirmedFlush(s).equals(slotStart)) {
        throw new IllegalStateException(
            "a bare read confirmed a position: the reads did not all start at the same place");
      }
      s.execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
      for (Read r : new Read[] {raw1, decoded1, raw2, decoded2}) {
        if (r.changes != total) {
          throw new IllegalStateException(
              "a read delivered " + r.changes + " row changes, the mix has " + total);
        }
      }
      double raw = Math.min(raw1.seconds, raw2.seconds);
      double decoded = Math.min(decoded1.seconds, decoded2.seconds);

      System.out.printf(
          Locale.ROOT,
          "%n| apply vs. raw decode of the same WAL: %,d row changes (half inserts, half updates,"
              + " %d per transaction), %.1f MB of WAL | seconds | row changes/s |%n|---|---|---|%n"
              + "| PostgreSQL writes the mix (engine stopped) | %.2f | %,.0f |%n"
              + "| engine replays its slot and applies to the mirror | %.2f | %,.0f |%n"
              + "| raw receive from a second slot (bytes counted, as pg_recvlogical), before and"
              + " after the engine | %.2f, %.2f | %,.0f |%n"
              + "| receive and decode (PgOutputDecoder, no apply), before and after the engine |"
              + " %.2f, %.2f | %,.0f |%n"
              + "received: %,d messages, %.1f MB of pgoutput%n"
              + "ratio engine / raw receive (the faster): %.2fx (goal >= 0.9x); engine / decode:"
              + " %.2fx%n",
          total,
          CHANGES_PER_TRANSACTION,
          walBytes / 1e6,
          written,
          total / written,
          apply,
          total / apply,
          raw1.seconds,
          raw2.seconds,
          total / raw,
          decoded1.seconds,
          decoded2.seconds,
          total / decoded,
          raw1.messages,
          raw1.bytes / 1e6,
          raw / apply,
          decoded / apply);
    }
  }

  /** Writes {@code changes} row changes in transactions of {@link #CHANGES_PER_TRANSACTION}. */
  private static void writeMix(Connection c, int changes) throws SQLException {
    int half = CHANGES_PER_TRANSACTION / 2;
    SplittableRandom random = new SplittableRandom(42);
    long maxId = INITIAL_ROWS;
    c.setAutoCommit(false);
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO mix SELECT g, g % 1000, 'row ' || g, (g % 100000) / 100.0, now()"
                    + " FROM generate_series(?::bigint, ?::bigint) g");
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE mix SET n = n + 1, label = 'updated ' || id, amount = amount + 1"
                    + " WHERE id BETWEEN ? AND ?")) {
      for (int t = 0; t < changes / CHANGES_PER_TRANSACTION; t++) {
        insert.setLong(1, maxId + 1);
        insert.setLong(2, maxId + half);
        insert.executeUpdate();
        maxId += half;
        // Rows anywhere in the table: in the mirror's files and in its mem slice.
        long from = 1 + random.nextLong(maxId - half);
        update.setLong(1, from);
        update.setLong(2, from + half - 1);
        update.executeUpdate();
        c.commit();
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Fails unless the mirror holds the source's rows (count and sum of the updated column). */
  private static void checkMirror(Engine engine, Statement s) throws SQLException {
    String view =
        engine.mirrors().values().stream()
            .filter(m -> m.name().name().equals("mix_cs"))
            .findFirst()
            .orElseThrow()
            .duckDbView();
    String source = summary(s, "SELECT count(*), sum(n)::bigint FROM mix");
    String mirror;
    try (Connection duck = engine.reader();
        Statement d = duck.createStatement()) {
      mirror = summary(d, "SELECT count(*), sum(n)::bigint FROM " + view);
    }
    if (!source.equals(mirror)) {
      throw new IllegalStateException("mirror " + mirror + " differs from source " + source);
    }
  }

  private static String summary(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1) + "/" + rs.getLong(2);
    }
  }

  private static String confirmedFlush(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '"
                + SLOT
                + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The pgoutput protocol the engine asks for (ReplicationStream.protocolVersionFor). */
  private static int protocolVersion(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      int major = Integer.parseInt(rs.getString(1)) / 10_000;
      return major >= 16 ? 4 : major >= 15 ? 3 : 2;
    }
  }

  /** What reading a slot up to the marker took. */
  private record Read(double seconds, long messages, long bytes, long changes) {}

  /**
   * Reads the slot from its start to the marker with the engine's stream options: blocking reads,
   * no position confirmed, each message's bytes counted and, with {@code decode}, decoded too.
   */
  private static Read read(EmbeddedPg pg, String db, int protocol, boolean decode)
      throws SQLException {
    Properties props = new Properties();
    PGProperty.USER.set(props, EmbeddedPg.USER);
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    try (Connection rc =
        DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.port() + "/" + db, props)) {
      PGReplicationStream stream =
          rc.unwrap(PGConnection.class)
              .getReplicationAPI()
              .replicationStream()
              .logical()
              .withSlotName(SLOT)
              .withSlotOption("proto_version", String.valueOf(protocol))
              .withSlotOption("publication_names", "\"" + PUBLICATION + "\"")
              .withSlotOption("streaming", "on")
              .withSlotOption("messages", "true")
              .withStatusInterval(10, TimeUnit.SECONDS)
              .withAutomaticFlush(false)
              .start();
      Counter counter = new Counter();
      PgOutputDecoder decoder = new PgOutputDecoder();
      long messages = 0;
      long bytes = 0;
      long t0 = System.nanoTime();
      while (!counter.ended) {
        ByteBuffer message = stream.read();
        messages++;
        bytes += message.remaining();
        if (decode) {
          decoder.decode(message, counter);
        } else {
          counter.count(message);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      stream.close();
      return new Read(seconds, messages, bytes, counter.changes);
    }
  }

  /**
   * Counts row changes and sees the marker: from the first byte of a raw message, or as the
   * listener of the decoder.
   */
  private static final class Counter implements WalListener {
    long changes;
    boolean ended;

    void count(ByteBuffer message) {
      byte type = message.get(message.position());
      if (type == 'I' || type == 'U' || type == 'D') {
        changes++;
      } else if (type == 'M') {
        byte[] body = new byte[message.remaining()];
        message.duplicate().get(body);
        ended |= new String(body, StandardCharsets.ISO_8859_1).contains(MARKER);
      }
    }

    @Override
    public void onLogicalMessage(WalMessage.LogicalMessage message) {
      ended |= MARKER.equals(message.prefix());
    }

    @Override
    public void onInsert(WalMessage.Insert insert) {
      changes++;
    }

    @Override
    public void onUpdate(WalMessage.Update update) {
      changes++;
    }

    @Override
    public void onDelete(WalMessage.Delete delete) {
      changes++;
    }

    @Override
    public void onBegin(WalMessage.Begin begin) {}

    @Override
    public void onCommit(WalMessage.Commit commit) {}

    @Override
    public void onRelation(WalMessage.Relation relation) {}

    @Override
    public void onTruncate(WalMessage.Truncate truncate) {}

    @Override
    public void onStreamStart(WalMessage.StreamStart start) {}

    @Override
    public void onStreamStop(WalMessage.StreamStop stop) {}

    @Override
    public void onStreamCommit(WalMessage.StreamCommit commit) {}

    @Override
    public void onStreamAbort(WalMessage.StreamAbort abort) {}
  }
}
