package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MooncakeUrlTest {

  @Test
  void mooncakePropertiesLeaveTheUrlAndPgjdbcGetsTheRest() throws SQLException {
    MooncakeUrl url =
        MooncakeUrl.parse(
            "jdbc:mooncake:postgresql://h:5432/db?user=u&freshness=2s&ssl=false&engine=off", null);

    assertThat(url.pgUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&ssl=false");
    assertThat(url.mooncakeProperties())
        .containsEntry("freshness", "2s")
        .containsEntry("engine", "off")
        .hasSize(2);
  }

  @Test
  void urlWithoutQueryIsPassedAsIs() throws SQLException {
    assertThat(MooncakeUrl.parse("jdbc:mooncake:postgresql:db", null).pgUrl())
        .isEqualTo("jdbc:postgresql:db");
    assertThat(MooncakeUrl.parse("jdbc:mooncake:postgresql://h/db?freshness=1s", null).pgUrl())
        .isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void propertiesObjectIsSplitTooAndTheUrlWins() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", "secret");
    info.setProperty("freshness", "1s");
    info.setProperty("engine", "off");

    MooncakeUrl url = MooncakeUrl.parse("jdbc:mooncake:postgresql://h/db?freshness=9s", info);

    assertThat(url.pgProperties())
        .containsEntry("user", "alice")
        .containsEntry("password", "secret")
        .hasSize(2);
    assertThat(url.mooncakeProperties())
        .containsEntry("freshness", "9s")
        .containsEntry("engine", "off");
  }

  @Test
  void valuesAreUrlDecoded() throws SQLException {
    MooncakeUrl url =
        MooncakeUrl.parse("jdbc:mooncake:postgresql://h/db?warehouse=%2Ftmp%2Fmy%20lake", null);
    assertThat(url.mooncakeProperties()).containsEntry("warehouse", "/tmp/my lake");
  }

  @Test
  void otherSubprotocolsAreRefusedWith08001() {
    assertThatThrownBy(() -> MooncakeUrl.parse("jdbc:mooncake:mysql://h/db?password=pw", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("jdbc:mooncake:postgresql://")
        .hasMessageNotContaining("pw")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
  }

  @Test
  void badEncodingIsA08001() {
    assertThatThrownBy(
            () -> MooncakeUrl.parse("jdbc:mooncake:postgresql://h/db?warehouse=%zz", null))
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08001");
  }
}
