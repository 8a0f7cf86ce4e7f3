package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;

/**
 * What an analysis found in a statement: table references (reads), function calls, and for
 * statements whose tables could not all be told apart, the reason.
 */
final class References {

  /**
   * A function call: lower-case name, the original token where it starts, whether it is a FROM
   * item.
   */
  record FunctionUse(String name, int token, boolean inFrom) {}

  final List<TableRef> tables = new ArrayList<>();
  final List<FunctionUse> functions = new ArrayList<>();

  boolean readsMirror() {
    for (TableRef ref : tables) {
      if (ref.kind == TableRef.Kind.MIRROR) {
        return true;
      }
    }
    return false;
  }
}
