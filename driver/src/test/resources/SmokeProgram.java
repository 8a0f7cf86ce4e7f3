import java.io.StringReader;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.postgresql.PGConnection;

/** A plain JDBC program run with only the -all jar on the class path (see PackagedJarIT). */
public class SmokeProgram {
  public static void main(String[] args) throws Exception {
    String url =
        args[0] + "&warehouse=" + Files.createTempDirectory("smoke-warehouse") + "&flushInterval=1s";
    System.out.println("driver=" + DriverManager.getDriver(url).getClass().getName());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
        rs.next();
        System.out.println("answer=" + rs.getInt(1));
      }
      s.execute("DROP TABLE IF EXISTS smoke; CREATE TABLE smoke (x int PRIMARY KEY)");
      PGConnection pg = c.unwrap(PGConnection.class);
      long n = pg.getCopyAPI().copyIn("COPY smoke FROM STDIN", new StringReader("1\n2\n3\n"));
      System.out.println("copy=" + n);
      System.out.println("unwrapped=" + pg.getClass().getName());
      // The engine (DuckDB, Iceberg, Parquet) runs in this plain JVM too.
      s.execute("CALL mooncake.create_table('smoke_cs', 'smoke')");
      s.executeUpdate("INSERT INTO smoke VALUES (4)");
      try (ResultSet rs = s.executeQuery("SELECT sum(x), count(*) FROM smoke_cs")) {
        rs.next();
        System.out.println("mirror=" + rs.getLong(1) + "/" + rs.getLong(2));
      }
      s.execute("CALL mooncake.drop_table('smoke_cs')");
    }
  }
}
