package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The outline of one statement read from its tokens: its verb (the main one after a WITH list) and,
 * for statements that write or alter, the relations they target.
 */
record StatementShape(String verb, String description, List<Target> targets) {

  /** A relation a statement writes to, by name parts and first token. */
  record Target(List<String> parts, int token) {}

  private static final Set<String> QUERY_VERBS = Set.of("select", "values", "table");

  boolean isQuery() {
    return QUERY_VERBS.contains(verb);
  }

  static StatementShape of(List<Token> tokens, int from, int to) {
    int i = from;
    while (i < to && tokens.get(i).isPunct("(")) {
      i++;
    }
    if (i >= to || tokens.get(i).kind() != Token.Kind.WORD) {
      return new StatementShape("", "", List.of());
    }
    if (tokens.get(i).isWord("with")) {
      i = mainVerbAfterWith(tokens, i + 1, to);
      if (i >= to) {
        return new StatementShape("with", "WITH", List.of());
      }
    }
    String verb = tokens.get(i).value();
    List<Target> targets = new ArrayList<>();
    String description = verb.toUpperCase(java.util.Locale.ROOT);
    int k = i + 1;
    switch (verb) {
      case "insert", "merge" -> {
        k = skip(tokens, k, to, "into");
        readTargets(tokens, skip(tokens, k, to, "only"), to, false, targets);
      }
      case "update", "lock", "truncate" -> {
        k = skip(tokens, k, to, "table");
        readTargets(tokens, skip(tokens, k, to, "only"), to, !verb.equals("update"), targets);
      }
      case "delete" -> {
        k = skip(tokens, k, to, "from");
        readTargets(tokens, skip(tokens, k, to, "only"), to, false, targets);
      }
      case "copy" -> {
        int end = readTargets(tokens, k, to, false, targets);
        if (end < to && tokens.get(end).isPunct("(")) {
          end = TypeNames.closingParen(tokens, end) + 1;
        }
        boolean copyFrom = end > 0 && end < to && tokens.get(end).isWord("from");
        description = copyFrom ? "COPY FROM" : "COPY TO";
      }
      case "alter", "drop" -> {
        if (k < to && tokens.get(k).kind() == Token.Kind.WORD) {
          description += " " + tokens.get(k).value().toUpperCase(java.util.Locale.ROOT);
          if (tokens.get(k).isWord("table")) {
            k = skip(tokens, k + 1, to, "if");
            k = skip(tokens, k, to, "exists");
            readTargets(tokens, skip(tokens, k, to, "only"), to, verb.equals("drop"), targets);
          }
        }
      }
      case "create", "comment", "grant", "revoke", "vacuum", "analyze", "cluster", "reindex" -> {
        // CREATE INDEX/TRIGGER/POLICY/RULE ... ON name, COMMENT ON TABLE name, GRANT ... ON name
        for (int m = k; m < to; m++) {
          if (tokens.get(m).isWord("on")
              || (m == k && !verb.equals("create") && tokens.get(m).isIdentifier())) {
            int n = m + (tokens.get(m).isWord("on") ? 1 : 0);
            n = skip(tokens, n, to, "table");
            readTargets(tokens, skip(tokens, n, to, "only"), to, false, targets);
            break;
          }
          if (tokens.get(m).isWord("as") || tokens.get(m).isPunct("(")) {
            break; // CREATE TABLE .. AS SELECT / CREATE VIEW .. AS: reads, not targets
          }
        }
      }
      default -> {}
    }
    return new StatementShape(verb, description, targets);
  }

  private static int skip(List<Token> tokens, int i, int to, String word) {
    return i < to && tokens.get(i).isWord(word) ? i + 1 : i;
  }

  /** Reads {@code name [, name]*} (or one name); returns the index after the last one. */
  private static int readTargets(
      List<Token> tokens, int i, int to, boolean list, List<Target> out) {
    while (i < to && tokens.get(i).isIdentifier()) {
      int start = i;
      List<String> parts = new ArrayList<>();
      parts.add(tokens.get(i).value());
      i++;
      while (i + 1 < to && tokens.get(i).isPunct(".") && tokens.get(i + 1).isIdentifier()) {
        parts.add(tokens.get(i + 1).value());
        i += 2;
      }
      out.add(new Target(parts, start));
      if (!list || i >= to || !tokens.get(i).isPunct(",")) {
        break;
      }
      i++;
      i = skip(tokens, i, to, "only");
    }
    return i;
  }

  /** The index of the statement's verb after {@code WITH [RECURSIVE] name AS (...), ...}. */
  private static int mainVerbAfterWith(List<Token> tokens, int i, int to) {
    int verb = TypeNames.topLevelWord(tokens, i, to, VERBS);
    return verb < 0 ? to : verb;
  }

  private static final Set<String> VERBS =
      Set.of("select", "values", "table", "insert", "update", "delete", "merge");
}
