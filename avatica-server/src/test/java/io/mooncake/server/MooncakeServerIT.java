package io.mooncake.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A thin client talks to PostgreSQL through the mooncake server over real HTTP. */
class MooncakeServerIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String DB = PG.createDatabase("server");

  @Test
  void thinClientRunsStatementsThroughTheServer() throws Exception {
    try (MooncakeServer server = MooncakeServer.start("--url", PG.mooncakeUrl(DB), "--port", "0");
        Connection c =
            DriverManager.getConnection(
                "jdbc:avatica:remote:url=http://localhost:"
                    + server.port()
                    + ";serialization=protobuf")) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS items");
        s.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))");
        assertThat(s.executeUpdate("INSERT INTO items VALUES (1, 'a', 1.50), (2, 'b', NULL)"))
            .isEqualTo(2);
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("a");
          assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1.50");
          assertThat(rs.next()).isFalse();
        }
      }
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet tables = md.getTables(null, "public", "items", null)) {
        assertThat(tables.next()).isTrue();
        assertThat(tables.getString("TABLE_NAME")).isEqualTo("items");
      }
      try (Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no_such_table");
      }
    }
  }

  @Test
  void healthAnswersWithTheVersion() throws Exception {
    try (MooncakeServer server = MooncakeServer.start("--url", PG.mooncakeUrl(DB), "--port", "0")) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + server.port() + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"ok\"").contains("\"version\":\"0.");
    }
  }

  @Test
  void basicAuthenticationRefusesWrongPasswords() throws Exception {
    try (MooncakeServer server =
        MooncakeServer.start(
            "--url", PG.mooncakeUrl(DB), "--port", "0", "--user", "ann", "--password", "s3cret")) {
      String url =
          "jdbc:avatica:remote:url=http://localhost:"
              + server.port()
              + ";serialization=protobuf;authentication=BASIC";
      Properties good = new Properties();
      good.setProperty("avatica_user", "ann");
      good.setProperty("avatica_password", "s3cret");
      try (Connection c = DriverManager.getConnection(url, good);
          ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
      Properties bad = new Properties();
      bad.setProperty("avatica_user", "ann");
      bad.setProperty("avatica_password", "guess");
      assertThatThrownBy(
              () -> {
                try (Connection c = DriverManager.getConnection(url, bad)) {
                  c.createStatement().executeQuery("SELECT 1");
                }
              })
          .hasStackTraceContaining("401");
    }
  }

  @Test
  void badCommandLinesAreExplained() {
    assertThatThrownBy(() -> ServerOptions.parse("--port", "8765"))
        .hasMessageContaining("--url jdbc:mooncake:");
    assertThatThrownBy(
            () -> ServerOptions.parse("--url", "jdbc:mooncake:postgresql:x", "--port", "x"))
        .hasMessageContaining("--port must be a number");
    assertThatThrownBy(
            () -> ServerOptions.parse("--url", "jdbc:mooncake:postgresql:x", "--user", "a"))
        .hasMessageContaining("--user and --password go together");
  }
}
