package io.mooncake.calcite;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One table reference found in a statement: its tokens {@code [first, last]} in the original text,
 * its case-folded name parts, and what it names. For ordinary tables it also gathers the columns
 * the statement references through it. Mutable during one analysis only.
 */
final class TableRef {

  enum Kind {
    MIRROR,
    POSTGRES,
    CTE
  }

  final int firstToken;
  final int lastToken;
  final List<String> parts;
  final boolean aliased;
  final Kind kind;

  /** The mirror, when {@code kind == MIRROR}. */
  final TableName mirror;

  final SortedSet<String> columns = new TreeSet<>();
  boolean allColumns;

  TableRef(
      int firstToken,
      int lastToken,
      List<String> parts,
      boolean aliased,
      Kind kind,
      TableName mirror) {
    this.firstToken = firstToken;
    this.lastToken = lastToken;
    this.parts = List.copyOf(parts);
    this.aliased = aliased;
    this.kind = kind;
    this.mirror = mirror;
  }

  /** The name a column may be qualified with when there is no alias. */
  String exposedName() {
    return parts.get(parts.size() - 1);
  }

  /** The name columns are qualified with: the alias after the name in {@code tokens}, if any. */
  String qualifier(java.util.List<Token> tokens) {
    if (!aliased) {
      return exposedName();
    }
    int at = lastToken + 1;
    if (at < tokens.size() && tokens.get(at).isWord("as")) {
      at++;
    }
    return at < tokens.size() && tokens.get(at).isIdentifier()
        ? tokens.get(at).value()
        : exposedName();
  }
}
