package io.mooncake.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@code corpus/} twice, after its dataset's mirrors were created and written to:
 * through PgJDBC on the source tables, and through mooncake on the mirrors (table references
 * replaced by {@link MirrorSubstitution}). The answers must be the same ({@link Answer}). A query
 * the driver cannot run on DuckDB runs on PostgreSQL with a warning: still the same answer. A query
 * under a dataset's {@code known-defects/} runs too and must still differ (or fail): once its
 * answers agree, the test says to move it out, where it then guards the fix. The route of each
 * query is printed, and a summary at the end (corpus/README.md).
 *
 * <p>{@code -Dcorpus.only=<regex>} runs the queries whose {@code dataset/file} matches.
 */
class DifferentialIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String FALLBACK = "mooncake ran this query on PostgreSQL";

  /** Query → "DuckDB" or the fallback's reason; for the summary. */
  private static final Map<String, String> ROUTES = new TreeMap<>();

  private static final List<String> KNOWN_DEFECTS = new ArrayList<>();

  static Stream<CorpusQuery> queries() throws Exception {
    Path corpus = Path.of(DifferentialIT.class.getResource("/corpus").toURI());
    Pattern only = Pattern.compile(System.getProperty("corpus.only", ".*"));
    List<CorpusQuery> all = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(corpus)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        all.addAll(Dataset.read(dir).queries());
      }
    }
    return all.stream().filter(q -> only.matcher(q.toString()).find());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void sameAnswer(CorpusQuery query) throws Exception {
    Dataset dataset = query.dataset();
    long prepared = dataset.prepare(PG);
    if (prepared > 0) {
      System.out.println("dataset " + dataset + " prepared in " + prepared + " ms");
    }
    Answer expected = answer(dataset.postgresUrl(PG), query.sql(), query, null);
    String onMirrors = new MirrorSubstitution(dataset.mirrors()).apply(query.sql());
    String[] route = new String[1];
    Answer actual;
    try {
      if (query.rightAfterWrites()) {
        Dataset.AfterWrites after = dataset.afterWrites(query);
        if (after.error() != null) {
          throw after.error();
        }
        actual = after.answer();
        route[0] = route(after.warnings()) + ", right after the writes";
      } else {
        actual = answer(dataset.mooncakeUrl(), onMirrors, query, route);
      }
    } catch (SQLException | RuntimeException e) {
      if (query.knownDefect() != null) {
        recordKnownDefect(query, "still fails: " + e.getMessage());
        return;
      }
      throw new AssertionError(query + ": mooncake failed where PostgreSQL answered", e);
    }
    System.out.println("route: " + route[0] + " <- " + query);
    if (query.knownDefect() != null) {
      // A known defect is expected to differ; once it agrees, it must leave known-defects/ so
      // that it guards the fix.
      assertThat(actual)
          .as(
              query
                  + ": the answers now agree (on "
                  + route[0]
                  + "): move it out of known-defects/")
          .isNotEqualTo(expected);
      recordKnownDefect(query, "the answers still differ (on " + route[0] + ")");
      return;
    }
    synchronized (ROUTES) {
      ROUTES.put(query.toString(), route[0]);
    }

    assertThat(expected.rows())
        .as(query + ": rows PostgreSQL returns")
        .hasSizeGreaterThanOrEqualTo(query.minRows());
    assertThat(actual.header()).as(query + ": columns").isEqualTo(expected.header());
    assertThat(actual.rows()).as(query + ": rows on " + route[0]).isEqualTo(expected.rows());
  }

  private static void recordKnownDefect(CorpusQuery query, String state) {
    synchronized (ROUTES) {
      KNOWN_DEFECTS.add(query + ": " + state);
    }
    System.out.println("known defect (" + query.knownDefect() + "); " + state);
  }

  /** Runs {@code sql} with the query's settings; {@code route[0]} receives the route taken. */
  private static Answer answer(String url, String sql, CorpusQuery query, String[] route)
      throws SQLException {
    StringBuilder fullUrl = new StringBuilder(url);
    for (String option : query.urlOptions()) {
      int eq = option.indexOf('=');
      fullUrl
          .append('&')
          .append(option, 0, eq + 1)
          .append(URLEncoder.encode(option.substring(eq + 1), StandardCharsets.UTF_8));
    }
    try (Connection c = DriverManager.getConnection(fullUrl.toString())) {
      try (Statement s = c.createStatement()) {
        for (String setting : query.settings()) {
          s.execute(setting);
        }
      }
      Statement s = query.parameters().isEmpty() ? c.createStatement() : bind(c, sql, query);
      try (s;
          ResultSet rs =
              s instanceof PreparedStatement ps ? ps.executeQuery() : s.executeQuery(sql)) {
        Answer answer = Answer.of(rs, query.ordered());
        if (route != null) {
          route[0] = route(s.getWarnings());
        }
        return answer;
      }
    }
  }

  private static PreparedStatement bind(Connection c, String sql, CorpusQuery query)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    int i = 1;
    for (CorpusQuery.Parameter p : query.parameters()) {
      switch (p.type()) {
        case "int" -> ps.setInt(i, Integer.parseInt(p.value()));
        case "bigint" -> ps.setLong(i, Long.parseLong(p.value()));
        case "numeric" -> ps.setBigDecimal(i, new BigDecimal(p.value()));
        case "double" -> ps.setDouble(i, Double.parseDouble(p.value()));
        case "bool" -> ps.setBoolean(i, Boolean.parseBoolean(p.value()));
        case "text" -> ps.setString(i, p.value());
        case "date" -> ps.setDate(i, java.sql.Date.valueOf(p.value()));
        case "timestamp" -> ps.setTimestamp(i, java.sql.Timestamp.valueOf(p.value()));
        case "null" -> ps.setNull(i, java.sql.Types.NULL);
        default -> throw new IllegalArgumentException(query + ": parameter type " + p.type());
      }
      i++;
    }
    return ps;
  }

  private static String route(SQLWarning w) {
    for (; w != null; w = w.getNextWarning()) {
      if (w.getMessage().startsWith(FALLBACK)) {
        String why = w.getMessage().replaceAll("\\s+", " ");
        return "PostgreSQL (" + why.substring(why.indexOf(':') + 1).strip() + ")";
      }
    }
    return "DuckDB";
  }

  @AfterAll
  static void summary() {
    long onDuckDb = ROUTES.values().stream().filter(r -> r.startsWith("DuckDB")).count();
    StringBuilder out = new StringBuilder();
    out.append("differential corpus: ")
        .append(ROUTES.size())
        .append(" queries ran, ")
        .append(onDuckDb)
        .append(" on DuckDB, ")
        .append(ROUTES.size() - onDuckDb)
        .append(" on PostgreSQL (fallback); ")
        .append(KNOWN_DEFECTS.size())
        .append(" known defects (still differing)\n");
    ROUTES.forEach(
        (q, r) -> {
          if (!r.startsWith("DuckDB")) {
            out.append("  fallback ").append(q).append(": ").append(r).append('\n');
          }
        });
    KNOWN_DEFECTS.forEach(d -> out.append("  known defect ").append(d).append('\n'));
    System.out.println(out);
  }
}
