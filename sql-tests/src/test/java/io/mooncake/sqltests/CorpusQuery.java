package io.mooncake.sqltests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One query file of the corpus: the SQL, and what its leading {@code -- key: value} comment lines
 * ask of the harness (corpus/README.md lists them). Immutable.
 *
 * @param dataset the dataset whose tables the query reads
 * @param name the file's path below the dataset's directory, e.g. {@code q01.sql}
 * @param sql the whole file, sent as it is (comments included)
 * @param minRows how many rows PostgreSQL must return at least (default 1)
 * @param settings statements run on both connections first, e.g. {@code SET TimeZone = 'UTC'}
 * @param urlOptions PgJDBC URL parameters for both connections, e.g. {@code options=-c ...}
 * @param parameters the values of the {@code ?} placeholders: run as a prepared statement
 * @param knownDefect for a file under {@code known-defects/}: why the answers differ
 * @param rightAfterWrites whether the mirrors' side runs right after the dataset's writes, on the
 *     connection that made them (read-your-writes), rather than later on a connection of its own
 */
record CorpusQuery(
    Dataset dataset,
    String name,
    String sql,
    int minRows,
    List<String> settings,
    List<String> urlOptions,
    List<Parameter> parameters,
    String knownDefect,
    boolean rightAfterWrites) {

  /** A placeholder's value, bound with the setter its type names. */
  record Parameter(String type, String value) {}

  static CorpusQuery read(Dataset dataset, Path file) {
    String sql;
    try {
      sql = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = dataset.dir().relativize(file).toString();
    int minRows = 1;
    List<String> settings = new ArrayList<>();
    List<String> urlOptions = new ArrayList<>();
    List<Parameter> parameters = new ArrayList<>();
    String knownDefect = null;
    boolean rightAfterWrites = false;
    for (String line : sql.split("\n")) {
      if (!line.startsWith("--")) {
        break;
      }
      String directive = line.substring(2).strip();
      int colon = directive.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = directive.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = directive.substring(colon + 1).strip();
      switch (key) {
        case "min-rows" -> minRows = Integer.parseInt(value);
        case "set" -> settings.add("SET " + value);
        case "url" -> urlOptions.add(value);
        case "param" -> {
          String[] typeAndValue = value.split("\\s+", 2);
          parameters.add(new Parameter(typeAndValue[0], typeAndValue[1]));
        }
        case "known defect" -> knownDefect = value;
        case "read-your-writes" -> rightAfterWrites = value.equals("yes");
        default -> {} // a comment that happens to contain a colon
      }
    }
    if (name.startsWith("known-defects") != (knownDefect != null)) {
      throw new IllegalStateException(
          file + ": a file under known-defects/ (and only there) says '-- known defect: why'");
    }
    return new CorpusQuery(
        dataset,
        name,
        sql,
        minRows,
        List.copyOf(settings),
        List.copyOf(urlOptions),
        List.copyOf(parameters),
        knownDefect,
        rightAfterWrites);
  }

  /** Whether the query itself fixes the order of its rows. */
  boolean ordered() {
    return SqlTokens.hasTopLevelOrderBy(sql);
  }

  @Override
  public String toString() {
    return dataset.name() + "/" + name;
  }
}
