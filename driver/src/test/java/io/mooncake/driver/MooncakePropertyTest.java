package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every property is documented in the README's table, with its default, and its default parses. */
class MooncakePropertyTest {

  @Test
  void everyPropertyIsInTheReadmeTable() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (MooncakeProperty p : MooncakeProperty.values()) {
      String row =
          "| `" + p.key() + "` | " + (p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`");
      assertThat(readme).as("README row for %s", p.key()).contains(row);
      assertThat(readme).as("README description of %s", p.key()).contains(p.description());
    }
  }

  @Test
  void defaultsParse() throws SQLException {
    MooncakeConfig.from(MooncakeUrl.parse("jdbc:mooncake:postgresql://h/db", new Properties()));
  }

  @Test
  void keysAreUniqueAndDisjointFromPgjdbc() {
    for (MooncakeProperty p : MooncakeProperty.values()) {
      assertThat(MooncakeProperty.forKey(p.key())).isSameAs(p);
      assertThat(org.postgresql.PGProperty.forName(p.key())).as(p.key()).isNull();
    }
  }
}
