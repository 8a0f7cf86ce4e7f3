package io.mooncake.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A process that runs the engine of a database until it is killed, for {@link EngineKillIT}: {@code
 * EngineProcess <pgjdbc url> <warehouse> <mirror> <source>...} waits to own the database, creates
 * the mirrors that do not exist yet, prints {@code READY} and goes on applying.
 */
public final class EngineProcess {

  private EngineProcess() {}

  public static void main(String[] args) throws Exception {
    Engine.Settings settings =
        new Engine.Settings(
            args[0], new Properties(), Path.of(args[1]), 200, Duration.ofMillis(100));
    Engine engine = Engine.start(settings, Duration.ofSeconds(120));
    for (int i = 2; i + 1 < args.length; i += 2) {
      if (!engine.mirrors().containsKey(MirrorName.parse(args[i]).inSchema("public"))) {
        engine.createMirror(args[i], args[i + 1]);
      }
    }
    System.out.println("READY " + ProcessHandle.current().pid());
    System.out.flush();
    while (engine.status().running()) {
      Thread.sleep(100);
    }
    System.out.println("STOPPED " + engine.status().problem());
    System.exit(1);
  }
}
