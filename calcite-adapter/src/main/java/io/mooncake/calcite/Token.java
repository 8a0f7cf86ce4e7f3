package io.mooncake.calcite;

/**
 * One lexical token of a PostgreSQL statement: its kind, its place in the original text and its
 * value (identifiers folded as PostgreSQL folds them, literals undecoded).
 */
record Token(Kind kind, int start, int end, String value) {

  enum Kind {
    /**
     * An unquoted identifier or key word; {@code value} is lower-cased (ASCII) as PostgreSQL does.
     */
    WORD,
    /** A double-quoted identifier; {@code value} is the name with {@code ""} undoubled. */
    QUOTED_IDENT,
    /** {@code U&"..."}: a quoted identifier with Unicode escapes, not decoded. */
    UNICODE_IDENT,
    /**
     * Any string constant: {@code '..'}, {@code E'..'}, {@code B'..'}, {@code X'..'}, {@code
     * U&'..'}, dollar quoted.
     */
    STRING,
    NUMBER,
    /** A JDBC placeholder {@code ?}. */
    PARAM,
    /** A positional parameter {@code $1}, which JDBC does not use. */
    POSITIONAL_PARAM,
    /** An operator, including {@code ::} and the JDBC-escaped {@code ??}. */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; . :}. */
    PUNCT
  }

  boolean isWord(String word) {
    return kind == Kind.WORD && value.equals(word);
  }

  boolean isPunct(String punct) {
    return kind == Kind.PUNCT && value.equals(punct);
  }

  boolean isOperator(String op) {
    return kind == Kind.OPERATOR && value.equals(op);
  }

  boolean isIdentifier() {
    return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
  }

  String text(String sql) {
    return sql.substring(start, end);
  }
}
