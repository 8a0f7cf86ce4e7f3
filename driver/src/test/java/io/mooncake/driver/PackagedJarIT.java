package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.PgFixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code -all} jar is the only file a DB tool needs: a fresh JVM with nothing else on its class
 * path, and no {@code --add-opens}, connects through DriverManager, queries and unwraps PgJDBC.
 */
class PackagedJarIT {

  @Test
  void allJarAloneConnectsAndQueries() throws Exception {
    Path jar = allJar();
    String url = PgFixture.get().mooncakeUrl(PgFixture.get().createDatabase("packaged"));
    Path program = Path.of("src", "test", "resources", "SmokeProgram.java");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    Process p =
        new ProcessBuilder(java.toString(), "-cp", jar.toString(), program.toString(), url)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out)
        .contains("driver=io.mooncake.driver.MooncakeDriver")
        .contains("answer=42")
        .contains("copy=3")
        .contains("unwrapped=org.postgresql.jdbc.PgConnection")
        .contains("mirror=10/4");
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void allJarHasBothDriversAndTheLicenses() throws IOException {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(allJar().toFile())) {
      String services =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(services).contains("io.mooncake.driver.MooncakeDriver", "org.postgresql.Driver");
      assertThat(jar.getEntry("META-INF/LICENSE")).isNotNull();
      assertThat(jar.getEntry("META-INF/LICENSE-mooncake")).isNotNull();
      assertThat(jar.getEntry("META-INF/NOTICE")).isNotNull();
      assertThat(jar.getEntry("org/postgresql/PGConnection.class"))
          .as("PgJDBC is not relocated")
          .isNotNull();
    }
  }

  private static Path allJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(f -> f.getFileName().toString().matches("mooncake-jdbc-.*-all\\.jar"))
              .collect(Collectors.toList());
      assertThat(jars).as("the -all jar in target" + File.separator).hasSize(1);
      return jars.get(0);
    }
  }
}
