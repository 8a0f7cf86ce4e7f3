package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MooncakeDriverTest {

  /** Held: JUL keeps loggers weakly, and a collected logger forgets its level. */
  private static final java.util.logging.Logger PGJDBC_LOG =
      java.util.logging.Logger.getLogger("org.postgresql");

  static {
    // PgJDBC logs the bad port of badUrlsAreClear08001s at WARNING; the test checks the error.
    PGJDBC_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  private final MooncakeDriver driver = new MooncakeDriver();

  @Test
  void acceptsOnlyMooncakeUrls() {
    assertThat(driver.acceptsURL("jdbc:mooncake:postgresql://h/db")).isTrue();
    assertThat(driver.acceptsURL("jdbc:mooncake:anything")).isTrue();
    assertThat(driver.acceptsURL("jdbc:postgresql://h/db")).isFalse();
    assertThat(driver.acceptsURL("jdbc:mooncakepostgresql://h/db")).isFalse();
    assertThat(driver.acceptsURL(null)).isFalse();
  }

  @Test
  void connectDeclinesForeignUrls() throws SQLException {
    assertThat(driver.connect("jdbc:postgresql://localhost/db", new Properties())).isNull();
  }

  @Test
  void isFoundByDriverManager() throws SQLException {
    Driver found = DriverManager.getDriver("jdbc:mooncake:postgresql://h/db");
    assertThat(found).isInstanceOf(MooncakeDriver.class);
    assertThat(found.getMajorVersion()).isGreaterThanOrEqualTo(0);
    assertThat(MooncakeDriver.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void propertyInfoListsMooncakeThenPgjdbcProperties() throws SQLException {
    DriverPropertyInfo[] info =
        driver.getPropertyInfo("jdbc:mooncake:postgresql://h/db?freshness=5s&user=u", null);
    List<String> names = Arrays.stream(info).map(i -> i.name).collect(Collectors.toList());

    assertThat(names.subList(0, 5))
        .containsExactly("warehouse", "freshness", "flushRows", "flushInterval", "engine");
    assertThat(names).contains("user", "password", "ssl", "sslmode", "ApplicationName");
    assertThat(info[1].value).isEqualTo("5s");
    assertThat(info[1].description).contains("read-your-writes");
    assertThat(info[4].choices).containsExactly("embedded", "off");
    assertThat(Arrays.stream(info).filter(i -> i.name.equals("user")).findFirst().get().value)
        .isEqualTo("u");
  }

  @Test
  void badUrlsAreClear08001s() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mooncake:mysql://h/db"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("expected jdbc:mooncake:postgresql://")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:mooncake:postgresql://h:port/db?password=pw"))
        .hasMessageContaining("PgJDBC cannot parse")
        .hasMessageNotContaining("pw")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
  }

  @Test
  void badValuesFailBeforeAnyConnectionIsMade() {
    // Port 1 has no server: the value is refused before PgJDBC would try to connect.
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:mooncake:postgresql://localhost:1/db?freshness=soon"))
        .hasMessageContaining("invalid value for property \"freshness\": \"soon\"")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22023");
  }

  @Test
  void pgjdbcConnectionErrorsPassThrough() {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:mooncake:postgresql://localhost:1/db?connectTimeout=2"))
        .isInstanceOf(org.postgresql.util.PSQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
  }
}
