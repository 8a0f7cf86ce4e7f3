package io.mooncake.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.HttpServer;

/**
 * Serves {@code jdbc:mooncake:} to thin clients over HTTP with Apache Calcite Avatica: DBeaver,
 * IntelliJ, sqlline or any application connect with {@code
 * jdbc:avatica:remote:url=http://host:8765;serialization=protobuf}. Run as {@code java -jar
 * mooncake-server-<version>-all.jar --url <jdbc:mooncake:...> --port 8765}.
 */
public final class MooncakeServer implements AutoCloseable {

  private final HttpServer http;
  private final Path generatedRealm;

  private MooncakeServer(HttpServer http, Path generatedRealm) {
    this.http = http;
    this.generatedRealm = generatedRealm;
  }

  /** Starts a server for {@code args} (see {@link ServerOptions#USAGE}). */
  public static MooncakeServer start(String... args) throws SQLException {
    ServerOptions options = ServerOptions.parse(args);
    Service service = new LocalService(new JdbcMeta(options.url, new Properties()));
    HttpServer.Builder<Object> builder =
        new HttpServer.Builder<>()
            .withPort(options.port)
            .withHandler(
                options.json
                    ? new HealthHandler.Json(service)
                    : new HealthHandler.Protobuf(service));
    Path realm = null;
    if (options.user != null) {
      realm = realmFile(options.user, options.password);
      builder.withBasicAuthentication(realm.toString(), new String[] {"mooncake"});
    } else if (options.authFile != null) {
      builder.withBasicAuthentication(options.authFile.toString(), options.roles);
    }
    HttpServer http = builder.build();
    http.start();
    startEngine(options.url);
    return new MooncakeServer(http, realm);
  }

  /**
   * Opens (and closes) one connection to {@code url}, which starts the database's engine in this
   * process when the database has mirrors (unless the URL says {@code engine=off}): the server
   * keeps them current for other processes from its start, not from its first client's.
   */
  private static void startEngine(String url) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      System.err.println(
          "mooncake server: cannot connect to the database yet ("
              + e.getMessage()
              + "); its engine starts with the first client");
    }
  }

  /** The port the server listens on (useful with {@code --port 0}). */
  public int port() {
    return http.getPort();
  }

  @Override
  public void close() {
    http.stop();
    if (generatedRealm != null) {
      try {
        Files.deleteIfExists(generatedRealm);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A Jetty realm file with one user in role {@code mooncake}, readable by this user only. */
  private static Path realmFile(String user, String password) {
    try {
      Path file =
          Files.createTempFile(
              "mooncake-realm",
              ".properties",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, user + ": " + password + ",mooncake\n", StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the realm file for --user", e);
    }
  }

  public static void main(String[] args) throws Exception {
    MooncakeServer server;
    try {
      server = start(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mooncake server: " + e.getMessage());
      System.err.println(ServerOptions.USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mooncake-server-stop"));
    ServerOptions options = ServerOptions.parse(args);
    System.out.println(
        "mooncake server "
            + io.mooncake.driver.MooncakeDriver.version()
            + " on port "
            + server.port()
            + (options.authenticated() ? " (HTTP basic authentication)" : " (no authentication)")
            + "; clients: jdbc:avatica:remote:url=http://<host>:"
            + server.port()
            + ";serialization="
            + (options.json ? "json" : "protobuf"));
    server.http.join();
  }
}
