import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.postgresql.PGConnection;

/** A plain JDBC program run with only the -all jar on the class path (see PackagedJarIT). */
public class SmokeProgram {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    System.out.println("driver=" + DriverManager.getDriver(url).getClass().getName());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
        rs.next();
        System.out.println("answer=" + rs.getInt(1));
      }
      s.execute("DROP TABLE IF EXISTS smoke; CREATE TABLE smoke (x int)");
      PGConnection pg = c.unwrap(PGConnection.class);
      long n = pg.getCopyAPI().copyIn("COPY smoke FROM STDIN", new StringReader("1\n2\n3\n"));
      System.out.println("copy=" + n);
      System.out.println("unwrapped=" + pg.getClass().getName());
    }
  }
}
