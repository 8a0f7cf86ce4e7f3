package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The same JDBC session through {@code jdbc:postgresql:} and through {@code
 * jdbc:mooncake:postgresql:} on the same database gives the same observations.
 */
class CompatibilityIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String DB = PG.createDatabase("compat");

  @Test
  void mooncakeBehavesAsPgjdbc() throws Exception {
    List<String> viaPgjdbc = run(PG.jdbcUrl(DB));
    List<String> viaMooncake = run(PG.mooncakeUrl(DB));
    // Kept for reading a difference side by side.
    Files.write(Path.of("target", "compat-pgjdbc.txt"), viaPgjdbc);
    Files.write(Path.of("target", "compat-mooncake.txt"), viaMooncake);

    assertThat(viaPgjdbc).hasSizeGreaterThan(150);
    assertThat(String.join("\n", viaMooncake)).isEqualTo(String.join("\n", viaPgjdbc));
  }

  @Test
  void metadataUrlIsTheOneTheApplicationGave() throws SQLException {
    String url = PG.mooncakeUrl(DB) + "&freshness=5s";
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(c.getMetaData().getURL()).isEqualTo(url);
    }
  }

  private static List<String> run(String url) throws Exception {
    Transcript transcript = new Transcript();
    Supplier<Connection> another =
        () -> {
          try {
            return DriverManager.getConnection(url);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        };
    try (Connection c = DriverManager.getConnection(url)) {
      new CompatibilityScenario(c, another, transcript).run();
    }
    return transcript.lines();
  }
}
