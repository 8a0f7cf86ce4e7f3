package io.mooncake.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The server's command line: {@code --url <jdbc:mooncake:...> [--port 8765] [--user name --password
 * secret | --auth-file realm.properties [--roles a,b]] [--serialization protobuf|json]}. Immutable;
 * invalid input is an {@link IllegalArgumentException} with a message for the user.
 */
final class ServerOptions {

  static final String USAGE =
      "usage: java -jar mooncake-server-<version>-all.jar --url <jdbc:mooncake:...>"
          + " [--port 8765] [--user <name> --password <secret> | --auth-file <realm.properties>"
          + " [--roles <role,...>]] [--serialization protobuf|json]";

  final String url;
  final int port;
  final String user;
  final String password;
  final Path authFile;
  final String[] roles;
  final boolean json;

  private ServerOptions(
      String url,
      int port,
      String user,
      String password,
      Path authFile,
      String[] roles,
      boolean json) {
    this.url = url;
    this.port = port;
    this.user = user;
    this.password = password;
    this.authFile = authFile;
    this.roles = roles;
    this.json = json;
  }

  static ServerOptions parse(String... args) {
    String url = null;
    int port = 8765;
    String user = null;
    String password = null;
    Path authFile = null;
    String[] roles = null;
    boolean json = false;
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String option = it.next();
      switch (option) {
        case "--url":
          url = value(option, it);
          break;
        case "--port":
          port = port(value(option, it));
          break;
        case "--user":
          user = value(option, it);
          break;
        case "--password":
          password = value(option, it);
          break;
        case "--auth-file":
          authFile = Path.of(value(option, it));
          if (!Files.isReadable(authFile)) {
            throw new IllegalArgumentException("--auth-file " + authFile + " is not readable");
          }
          break;
        case "--roles":
          roles = value(option, it).split(",");
          break;
        case "--serialization":
          String s = value(option, it);
          if (!s.equals("protobuf") && !s.equals("json")) {
            throw new IllegalArgumentException("--serialization must be protobuf or json");
          }
          json = s.equals("json");
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (url == null || !url.startsWith("jdbc:mooncake:")) {
      throw new IllegalArgumentException("--url jdbc:mooncake:postgresql://... is required");
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("--user and --password go together");
    }
    if (user != null && authFile != null) {
      throw new IllegalArgumentException("use either --user/--password or --auth-file");
    }
    return new ServerOptions(url, port, user, password, authFile, roles, json);
  }

  boolean authenticated() {
    return user != null || authFile != null;
  }

  private static String value(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return it.next();
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + text);
  }
}
