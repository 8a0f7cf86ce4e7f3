package io.mooncake.calcite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions, operators and types DuckDB evaluates as PostgreSQL does, read from {@code
 * duckdb-compatibility.txt}: a statement using anything else is not translated. Immutable.
 */
final class DuckDbCompatibility {

  enum Verdict {
    SAME,
    NOTE,
    FROM_ONLY,
    BY_FIELD,
    REFUSE
  }

  record Entry(Verdict verdict, String text) {}

  /** Functions PostgreSQL's grammar calls without parentheses; Babel may read some as columns. */
  private static final Set<String> NILADIC =
      Set.of(
          "current_user",
          "session_user",
          "user",
          "current_role",
          "current_schema",
          "current_catalog");

  static final DuckDbCompatibility DEFAULT = load("duckdb-compatibility.txt");

  private final Map<String, Entry> entries;

  private DuckDbCompatibility(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  static DuckDbCompatibility load(String resource) {
    Map<String, Entry> entries = new HashMap<>();
    try (InputStream in = DuckDbCompatibility.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.split("\\s+");
        int verdictAt = -1;
        for (int k = 2; k < words.length && verdictAt < 0; k++) {
          if (words[k].matches("same|note|from-only|by-field|refuse")) {
            verdictAt = k;
          }
        }
        if (verdictAt < 0 || !words[0].matches("function|operator|type")) {
          throw new IllegalStateException(
              resource + ":" + number + ": expected 'kind name verdict [text]'");
        }
        String name = String.join(" ", List.of(words).subList(1, verdictAt));
        Verdict verdict =
            Verdict.valueOf(words[verdictAt].replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        String text = String.join(" ", List.of(words).subList(verdictAt + 1, words.length));
        if (verdict != Verdict.SAME && verdict != Verdict.BY_FIELD && text.isEmpty()) {
          throw new IllegalStateException(
              resource + ":" + number + ": " + verdict + " needs a reason");
        }
        if (entries.put(words[0] + " " + name, new Entry(verdict, text)) != null) {
          throw new IllegalStateException(resource + ":" + number + ": listed twice: " + name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DuckDbCompatibility(entries);
  }

  Entry function(String name) {
    return entries.get("function " + name);
  }

  /**
   * Checks a statement's operators, cast types and function calls; returns the notes of the
   * tolerated differences and adds to {@code edits} the rewrites DuckDB needs, or throws {@link
   * Untranslatable} at the first refused construct.
   */
  Set<String> check(
      String sql,
      List<Token> tokens,
      int from,
      int to,
      List<References.FunctionUse> functions,
      List<TextEdit> edits) {
    Set<String> notes = new LinkedHashSet<>();
    Set<Integer> seen = new java.util.HashSet<>();
    for (References.FunctionUse use : functions) {
      Entry entry = function(use.name());
      int offset = tokens.get(use.token()).start();
      if (entry == null) {
        throw new Untranslatable(
            "function " + use.name() + "() is not known to behave the same in DuckDB", offset);
      }
      if (entry.verdict() == Verdict.FROM_ONLY && !use.inFrom()) {
        throw new Untranslatable(entry.text(), offset);
      }
      if (entry.verdict() == Verdict.BY_FIELD && seen.add(use.token())) {
        DatePartFields.check(tokens, use.token(), to).ifPresent(edits::add);
      }
      apply(entry, "function " + use.name() + "()", offset, notes);
    }
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.WORD && NILADIC.contains(t.value())) {
        apply(function(t.value()), t.value(), t.start(), notes);
      } else if (t.kind() == Token.Kind.OPERATOR && !t.value().equals("::")) {
        Entry entry = entries.get("operator " + t.value());
        if (entry == null) {
          throw new Untranslatable(
              "operator " + t.value() + " is not known to behave the same in DuckDB", t.start());
        }
        apply(entry, "operator " + t.value(), t.start(), notes);
      } else if (t.isOperator("::") || isCastAs(tokens, from, i) || isTypedLiteral(tokens, i, to)) {
        int typeStart = t.kind() == Token.Kind.WORD && !t.isWord("as") ? i : i + 1;
        int typeEnd = TypeNames.end(tokens, typeStart);
        if (typeEnd == typeStart) {
          continue;
        }
        String type = TypeNames.baseName(tokens, typeStart, typeEnd);
        boolean array = type.endsWith("[]");
        String element = type.replace("[]", "");
        if (array
            && t.isOperator("::")
            && i > from
            && tokens.get(i - 1).kind() == Token.Kind.STRING) {
          throw new Untranslatable(
              "array literal "
                  + tokens.get(i - 1).value()
                  + " cast to "
                  + type
                  + ": DuckDB does not read PostgreSQL's array text form",
              tokens.get(i - 1).start());
        }
        boolean modified = false;
        for (int k = typeStart; k < typeEnd; k++) {
          modified |= tokens.get(k).isPunct("(");
        }
        // "type numeric()" is numeric with a precision, "type numeric" without one.
        Entry entry = modified ? entries.get("type " + element + "()") : null;
        if (entry == null) {
          entry = entries.get("type " + element);
        }
        if (entry == null && element.contains(" ")) {
          entry = entries.get("type " + element.substring(0, element.indexOf(' ')));
        }
        if (entry == null) {
          throw new Untranslatable(
              "type " + element + " is not known to behave the same in DuckDB",
              tokens.get(typeStart).start());
        }
        apply(entry, "type " + element, tokens.get(typeStart).start(), notes);
        if (!modified && !array && TextCasts.toText(element)) {
          if (t.isOperator("::")) {
            edits.addAll(TextCasts.operator(sql, tokens, from, i, typeEnd));
          } else if (t.isWord("as")) {
            edits.addAll(TextCasts.function(castToken(tokens, from, i), i, typeEnd));
          }
        }
        if (t.kind() == Token.Kind.WORD && !t.isWord("as")) {
          i = typeEnd - 1;
        }
      }
    }
    return notes;
  }

  private static void apply(Entry entry, String what, int offset, Set<String> notes) {
    switch (entry.verdict()) {
      case REFUSE -> throw new Untranslatable(what + ": " + entry.text(), offset);
      case NOTE -> notes.add(entry.text());
      default -> {}
    }
  }

  /** The {@code CAST} token of the {@code AS} at {@code i} (see {@link #isCastAs}). */
  private static int castToken(List<Token> tokens, int from, int i) {
    return TypeNames.openingParen(tokens, from, i) - 1;
  }

  private static boolean isCastAs(List<Token> tokens, int from, int i) {
    if (!tokens.get(i).isWord("as")) {
      return false;
    }
    int open = TypeNames.openingParen(tokens, from, i);
    return open > from && tokens.get(open - 1).isWord("cast");
  }

  /** {@code date '2024-01-01'}, {@code interval '7 days'}: a type name right before a string. */
  private static boolean isTypedLiteral(List<Token> tokens, int i, int to) {
    Token t = tokens.get(i);
    if (t.kind() != Token.Kind.WORD
        || i + 1 >= to
        || tokens.get(i + 1).kind() != Token.Kind.STRING) {
      return false;
    }
    if (i > 0 && tokens.get(i - 1).isOperator("::")) {
      return false;
    }
    return BabelText.isTypedLiteralWord(t.value());
  }
}
