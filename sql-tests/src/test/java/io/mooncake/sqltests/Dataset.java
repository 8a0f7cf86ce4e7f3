package io.mooncake.sqltests;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.TpchLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One directory of the corpus: the tables (created by {@code setup.sql}, optionally filled by a
 * loader), the tables that get a mirror named {@code <table>_cs} ({@code dataset.properties}), the
 * writes that follow the mirrors' initial copy ({@code writes.sql}), and the queries (every other
 * {@code *.sql} file). Each dataset lives in a database of its own ({@code database-options} are
 * added to its CREATE DATABASE), prepared on first use.
 */
final class Dataset {

  private static final String SETUP = "setup.sql";
  private static final String WRITES = "writes.sql";

  private final Path dir;
  private final String name;
  private final List<String> mirrored;
  private final String loader;
  private final String databaseOptions;
  private String database;
  private String mooncakeUrl;
  private Exception failure;

  /** What a read-your-writes query gave, on the writing connection right after the writes. */
  record AfterWrites(Answer answer, SQLException error, SQLWarning warnings) {}

  private final Map<String, AfterWrites> afterWrites = new HashMap<>();

  /**
   * How long the other queries wait after the writes. Work-around of a known defect (see
   * edge/known-defects/read_your_writes_*.sql): a session whose DuckDB reader is created while the
   * engine applies the writes reads the state before them.
   */
  private static final long SETTLE_MS = Long.getLong("corpus.settle-ms", 2000);

  private Dataset(Path dir, Properties properties) {
    this.dir = dir;
    this.name = dir.getFileName().toString();
    this.mirrored = new ArrayList<>();
    for (String table : properties.getProperty("mirrors", "").split(",")) {
      if (!table.isBlank()) {
        mirrored.add(table.strip());
      }
    }
    this.loader = properties.getProperty("loader", "").strip();
    this.databaseOptions = properties.getProperty("database-options", "").strip();
  }

  static Dataset read(Path dir) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("dataset.properties"))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Dataset(dir, properties);
  }

  Path dir() {
    return dir;
  }

  String name() {
    return name;
  }

  /** The query files, {@code known-defects/} included, in name order. */
  List<CorpusQuery> queries() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".sql"))
          .filter(f -> !dir.relativize(f).toString().equals(SETUP))
          .filter(f -> !dir.relativize(f).toString().equals(WRITES))
          .sorted()
          .map(f -> CorpusQuery.read(this, f))
          .toList();
    }
  }

  /** Source table → mirror. */
  Map<String, String> mirrors() {
    Map<String, String> mirrors = new LinkedHashMap<>();
    for (String table : mirrored) {
      mirrors.put(table, table + "_cs");
    }
    return mirrors;
  }

  /** The PgJDBC URL of the dataset's database. */
  String postgresUrl(EmbeddedPg pg) {
    return pg.jdbcUrl(database);
  }

  /** The mooncake URL of the dataset's database, with its own warehouse. */
  String mooncakeUrl() {
    return mooncakeUrl;
  }

  /**
   * Creates and fills the dataset's database, creates the mirrors and then makes the writes, once;
   * returns the time it took in milliseconds (0 when already prepared).
   */
  synchronized long prepare(EmbeddedPg pg) throws Exception {
    if (failure != null) {
      throw new IllegalStateException("dataset " + name + " could not be prepared", failure);
    }
    if (database != null) {
      return 0;
    }
    try {
      return create(pg);
    } catch (Exception e) {
      failure = e;
      throw e;
    }
  }

  private long create(EmbeddedPg pg) throws Exception {
    long start = System.nanoTime();
    String db = "corpus_" + name;
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db);
      s.execute("CREATE DATABASE " + db + " " + databaseOptions);
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
        Statement s = c.createStatement()) {
      s.execute(Files.readString(dir.resolve(SETUP)));
      if (!loader.isEmpty()) {
        load(c, loader);
      }
      s.execute("ANALYZE");
    }
    String url = pg.mooncakeUrl(db) + "&warehouse=" + Files.createTempDirectory("corpus-" + name);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> m : mirrors().entrySet()) {
        s.execute("CALL mooncake.create_table('" + m.getValue() + "', '" + m.getKey() + "')");
      }
      if (Files.exists(dir.resolve(WRITES))) {
        s.execute(Files.readString(dir.resolve(WRITES)));
        MirrorSubstitution onMirrors = new MirrorSubstitution(mirrors());
        for (CorpusQuery q : queries()) {
          if (q.rightAfterWrites()) {
            s.clearWarnings();
            try (ResultSet rs = s.executeQuery(onMirrors.apply(q.sql()))) {
              afterWrites.put(
                  q.name(), new AfterWrites(Answer.of(rs, q.ordered()), null, s.getWarnings()));
            } catch (SQLException e) {
              afterWrites.put(q.name(), new AfterWrites(null, e, null));
            }
          }
        }
        Thread.sleep(SETTLE_MS);
      }
    }
    database = db;
    mooncakeUrl = url;
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The mirrors' side of {@code query} taken right after the writes (read-your-writes). */
  AfterWrites afterWrites(CorpusQuery query) {
    AfterWrites answer = afterWrites.get(query.name());
    if (answer == null) {
      throw new IllegalStateException(
          query + " says read-your-writes, but the dataset has no writes.sql");
    }
    return answer;
  }

  private static void load(Connection c, String loader) throws SQLException, IOException {
    String[] words = loader.split("\\s+");
    if (words[0].equals("tpch") && words.length == 2) {
      TpchLoader.load(c, Double.parseDouble(words[1]));
    } else {
      throw new IllegalArgumentException("unknown loader: " + loader);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
