package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The session's {@code search_path}: the schemas, in order, where an unqualified table name is
 * looked up. {@code $user} must already be replaced by the session user's name (see {@link
 * #parse}). PostgreSQL's implicit {@code pg_temp} and {@code pg_catalog} are not listed: mirrors
 * never live there. Immutable.
 */
public record SearchPath(List<String> schemas) {

  /** PostgreSQL's default, {@code "$user", public}, for a user without a schema of their name. */
  public static final SearchPath DEFAULT = new SearchPath(List.of("public"));

  public SearchPath {
    schemas = List.copyOf(Objects.requireNonNull(schemas, "schemas"));
  }

  public static SearchPath of(String... schemas) {
    return new SearchPath(List.of(schemas));
  }

  /**
   * Parses the output of {@code SHOW search_path} (e.g. {@code "$user", public, "My Schema"}),
   * replacing {@code $user} by {@code user}.
   */
  public static SearchPath parse(String showSearchPath, String user) {
    List<String> schemas = new ArrayList<>();
    for (Token token : PgLexer.lex(showSearchPath)) {
      String name;
      if (token.kind() == Token.Kind.WORD) {
        name = token.value();
      } else if (token.kind() == Token.Kind.QUOTED_IDENT) {
        name = token.value().equals("$user") ? user : token.value();
      } else if (token.isPunct(",")) {
        continue;
      } else {
        throw new IllegalArgumentException("not a search_path: " + showSearchPath);
      }
      schemas.add(name);
    }
    return new SearchPath(schemas);
  }
}
