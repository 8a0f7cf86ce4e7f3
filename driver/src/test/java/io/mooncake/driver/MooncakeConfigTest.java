package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MooncakeConfigTest {

  private static MooncakeConfig config(String query) throws SQLException {
    return MooncakeConfig.from(
        MooncakeUrl.parse("jdbc:mooncake:postgresql://db.example:6543/shop" + query, null));
  }

  @Test
  void defaults() throws SQLException {
    MooncakeConfig c = config("");
    assertThat(c.freshness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.engine()).isEqualTo(MooncakeConfig.EngineMode.EMBEDDED);
    assertThat(c.warehouse())
        .isEqualTo(
            Path.of(
                    System.getProperty("user.home"),
                    ".mooncake",
                    "warehouse",
                    "db.example-6543-shop")
                .toUri());
  }

  @ParameterizedTest
  @CsvSource({"0,0", "250ms,250", "30s,30000", "2m,120000", "1h,3600000", "15 S,15000"})
  void freshnessDurations(String value, long millis) throws SQLException {
    assertThat(config("?freshness=" + value.replace(" ", "%20")).freshness())
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "30", "-1s", "1.5s", "10d", ""})
  void badFreshnessIs22023(String value) {
    assertThatThrownBy(() -> config("?freshness=" + value))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("\"freshness\"")
        .hasMessageContaining("30s")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22023");
  }

  @Test
  void engineChoices() throws SQLException {
    assertThat(config("?engine=OFF").engine()).isEqualTo(MooncakeConfig.EngineMode.OFF);
    assertThatThrownBy(() -> config("?engine=cloud"))
        .hasMessageContaining("embedded, off")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22023");
  }

  @Test
  void warehouseForms() throws SQLException {
    assertThat(config("?warehouse=s3://bucket/lake").warehouse())
        .isEqualTo(URI.create("s3://bucket/lake"));
    assertThat(config("?warehouse=/var/lake/../lake2").warehouse())
        .isEqualTo(Path.of("/var/lake2").toUri());
    assertThat(config("?warehouse=relative").warehouse())
        .isEqualTo(Path.of("relative").toAbsolutePath().toUri());
    for (String bad : new String[] {"gs://bucket/x", "s3:///nobucket", "%20"}) {
      assertThatThrownBy(() -> config("?warehouse=" + bad))
          .as(bad)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22023");
    }
  }
}
