package io.mooncake.testkit;

/**
 * The one embedded PostgreSQL of a test JVM: started on first use, stopped when the JVM exits.
 *
 * <p>Tests that need isolation create their own database with {@link EmbeddedPg#createDatabase}.
 * Thread-safe.
 */
public final class PgFixture {

  private PgFixture() {}

  /** The shared server, started on the first call. */
  public static EmbeddedPg get() {
    return Holder.PG;
  }

  private static final class Holder {
    static final EmbeddedPg PG = startWithShutdownHook();

    private static EmbeddedPg startWithShutdownHook() {
      EmbeddedPg pg = EmbeddedPg.start();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
      return pg;
    }
  }
}
