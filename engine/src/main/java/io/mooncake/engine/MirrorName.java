package io.mooncake.engine;

import java.nio.charset.StandardCharsets;

/**
 * A schema-qualified name of a mirror or a source table, as stored in the catalog (case preserved).
 * Built from a user's text with PostgreSQL's rules: unquoted parts fold to lower case,
 * double-quoted parts keep their case, and a part longer than 63 bytes is an error (42622), never
 * silently truncated. Immutable.
 *
 * @param schema the schema, or null when the text named none
 * @param name the relation's name
 */
public record MirrorName(String schema, String name) {

  private static final int MAX_IDENTIFIER_BYTES = 63;

  /** Parses {@code text} ({@code name}, {@code schema.name}, either part possibly quoted). */
  public static MirrorName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new EngineException("22023", "a table name is required");
    }
    java.util.List<String> parts = new java.util.ArrayList<>();
    StringBuilder part = new StringBuilder();
    int i = 0;
    String s = text.trim();
    while (i <= s.length()) {
      if (i == s.length() || s.charAt(i) == '.') {
        if (part.length() == 0) {
          throw new EngineException("22023", "invalid table name: \"" + text + "\"");
        }
        parts.add(part.toString());
        part.setLength(0);
        i++;
        if (i > s.length()) {
          break;
        }
        continue;
      }
      char c = s.charAt(i);
      if (c == '"') {
        int end = i + 1;
        StringBuilder quoted = new StringBuilder();
        while (true) {
          int q = s.indexOf('"', end);
          if (q < 0) {
            throw new EngineException("22023", "unterminated quoted name: " + text);
          }
          quoted.append(s, end, q);
          if (q + 1 < s.length() && s.charAt(q + 1) == '"') {
            quoted.append('"');
            end = q + 2;
          } else {
            end = q + 1;
            break;
          }
        }
        part.append(quoted);
        i = end;
      } else if (Character.isWhitespace(c)) {
        throw new EngineException("22023", "invalid table name: \"" + text + "\"");
      } else {
        part.append(Character.toLowerCase(c));
        i++;
      }
    }
    if (parts.size() > 2 || parts.isEmpty()) {
      throw new EngineException("22023", "invalid table name: \"" + text + "\"");
    }
    for (String p : parts) {
      if (p.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
        throw new EngineException(
            "42622", "name \"" + p + "\" is longer than " + MAX_IDENTIFIER_BYTES + " bytes");
      }
    }
    return parts.size() == 2
        ? new MirrorName(parts.get(0), parts.get(1))
        : new MirrorName(null, parts.get(0));
  }

  /** This name in {@code defaultSchema} when it has no schema of its own. */
  public MirrorName inSchema(String defaultSchema) {
    return schema != null ? this : new MirrorName(defaultSchema, name);
  }

  /** The quoted form, {@code "schema"."name"}. */
  public String quoted() {
    return (schema == null ? "" : Sql.identifier(schema) + ".") + Sql.identifier(name);
  }

  @Override
  public String toString() {
    return quoted();
  }
}
