package io.mooncake.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.engine.Engine;
import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code java -jar mooncake-server-<version>-all.jar --url ... --port ...} serves thin clients. */
class PackagedServerIT {

  private static Path jar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(f -> f.getFileName().toString().matches("mooncake-server-.*-all\\.jar"))
              .collect(Collectors.toList());
      assertThat(jars).hasSize(1);
      return jars.get(0);
    }
  }

  private static Process server(String url) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(), "-jar", jar().toString(), "--url", url, "--port", "0")
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void theServerKeepsTheMirrorsOfItsDatabaseCurrentFromItsStart() throws Exception {
    // A database with a mirror whose engine stopped; the server, with no client yet, takes the
    // engine over, and a process without the engine reads the mirror from its Iceberg tables.
    EmbeddedPg pg = PgFixture.get();
    String db = pg.createDatabase("packaged_server_engine");
    Path warehouse = Files.createTempDirectory("mooncake-server-engine");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
      s.execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
    }
    try (Engine engine =
        Engine.start(
            new Engine.Settings(
                pg.jdbcUrl(db),
                new Properties(),
                warehouse,
                10_000,
                Duration.ofSeconds(1),
                Engine.Settings.DEFAULT_SNAPSHOT_RETENTION))) {
      engine.createMirror("t_cs", "t");
    }
    Process p = server(pg.mooncakeUrl(db) + "&warehouse=" + warehouse);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      boolean streaming = false;
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
          Statement s = c.createStatement()) {
        while (!streaming && System.nanoTime() < deadline) {
          try (ResultSet rs =
              s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE active")) {
            rs.next();
            streaming = rs.getInt(1) == 1;
          }
          Thread.sleep(100);
        }
      }
      assertThat(streaming).as("the server's engine streams without a client").isTrue();
      String reader =
          pg.mooncakeUrl(db).replace("//localhost:", "//127.0.0.1:") + "&engine=off&fallback=error";
      try (Connection c = DriverManager.getConnection(reader);
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO t VALUES (1001, 'late')");
        try (ResultSet rs = s.executeQuery("SELECT count(*), max(id) FROM t_cs")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(1001);
          assertThat(rs.getInt(2)).isEqualTo(1001);
        }
      }
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void executableJarServesAThinClient() throws Exception {
    String url = PgFixture.get().mooncakeUrl(PgFixture.get().createDatabase("packaged_server"));
    Process p = server(url);
    // Whatever happens, the server process does not outlive a minute of this test.
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                return;
              }
              p.destroyForcibly();
            });
    watchdog.setDaemon(true);
    watchdog.start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      Pattern started = Pattern.compile("mooncake server \\S+ on port (\\d+)");
      int port = -1;
      String line;
      while (port < 0 && (line = out.readLine()) != null) {
        Matcher m = started.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(port).as("the server printed its port").isPositive();
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:avatica:remote:url=http://localhost:" + port + ";serialization=protobuf");
          ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("packaged_server");
      }
    } finally {
      watchdog.interrupt();
      p.destroy();
      p.waitFor();
    }
  }
}
