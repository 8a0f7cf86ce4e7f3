package io.mooncake.engine;

import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL's CSV ({@code COPY ... TO ... (FORMAT csv)}) as DuckDB reads it. */
public final class PgCsv {

  private PgCsv() {}

  /**
   * A DuckDB table function reading the file {@code path} of {@code columns} columns as VARCHAR
   * columns {@code c0..cN}, with PostgreSQL's rules: NULL is an unquoted empty field, '' is "".
   */
  public static String scan(String path, int columns) {
    return scan(List.of(path), columns);
  }

  /** As above, over all the files {@code paths} (DuckDB parses them in parallel). */
  public static String scan(List<String> paths, int columns) {
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < columns; i++) {
      cols.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
    }
    return "read_csv(["
        + paths.stream().map(Sql::literal).collect(Collectors.joining(", "))
        + "]"
        + ", columns = {"
        + cols
        + "}, header = false, delim = ',', quote = '\"', escape = '\"',"
        + " allow_quoted_nulls = false, nullstr = '')";
  }
}
