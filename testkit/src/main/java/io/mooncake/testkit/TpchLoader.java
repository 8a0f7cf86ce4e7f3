package io.mooncake.testkit;

import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills the eight TPC-H tables (created beforehand, as by the TPC-H dataset's {@code setup.sql} of
 * the differential corpus) with dbgen's data at a scale factor, generated in this JVM by {@code
 * io.trino.tpch} and sent with {@code COPY}. Used by the corpus and the TPC-H benchmark.
 */
public final class TpchLoader {

  private static final int CHUNK = 1 << 16;

  private TpchLoader() {}

  /** Loads every table at {@code scaleFactor} through {@code c}. */
  public static void load(Connection c, double scaleFactor) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    for (TpchTable<?> table : TpchTable.getTables()) {
      CopyIn copy =
          pg.getCopyAPI()
              .copyIn("COPY " + table.getTableName() + " FROM STDIN (FORMAT text, DELIMITER '|')");
      try {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(2 * CHUNK);
        for (TpchEntity row : table.createGenerator(scaleFactor, 1, 1)) {
          String line = row.toLine(); // "a|b|c|": one trailing delimiter
          buffer.writeBytes(line.substring(0, line.length() - 1).getBytes(StandardCharsets.UTF_8));
          buffer.write('\n');
          if (buffer.size() >= CHUNK) {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
          }
        }
        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }
}
