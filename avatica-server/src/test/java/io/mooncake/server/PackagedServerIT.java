package io.mooncake.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.PgFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code java -jar mooncake-server-<version>-all.jar --url ... --port ...} serves thin clients. */
class PackagedServerIT {

  @Test
  void executableJarServesAThinClient() throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(f -> f.getFileName().toString().matches("mooncake-server-.*-all\\.jar"))
              .collect(Collectors.toList());
      assertThat(jars).hasSize(1);
      jar = jars.get(0);
    }
    String url = PgFixture.get().mooncakeUrl(PgFixture.get().createDatabase("packaged_server"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--url", url, "--port", "0")
            .redirectErrorStream(true)
            .start();
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
