package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Finds the table references of a statement parsed by Babel: FROM and JOIN items at every level
 * (subqueries, CTE bodies, set operations, LATERAL), telling mirrors from ordinary tables and from
 * CTEs that shadow a name; gathers the columns referenced through ordinary tables and the functions
 * called.
 */
final class AstReferences {

  private static final Set<SqlKind> QUERY_KINDS =
      Set.of(
          SqlKind.SELECT,
          SqlKind.ORDER_BY,
          SqlKind.WITH,
          SqlKind.UNION,
          SqlKind.INTERSECT,
          SqlKind.EXCEPT,
          SqlKind.VALUES);

  private final BabelText text;
  private final List<Token> tokens;
  private final MirrorCatalog catalog;
  private final SearchPath searchPath;
  private final References found = new References();

  private AstReferences(
      BabelText text, List<Token> tokens, MirrorCatalog catalog, SearchPath searchPath) {
    this.text = text;
    this.tokens = tokens;
    this.catalog = catalog;
    this.searchPath = searchPath;
  }

  static References of(
      SqlNode statement,
      BabelText text,
      List<Token> tokens,
      MirrorCatalog catalog,
      SearchPath searchPath) {
    AstReferences walker = new AstReferences(text, tokens, catalog, searchPath);
    walker.statement(statement);
    return walker.found;
  }

  /** One SELECT's FROM items, with the names visible from inside it. */
  private static final class Scope {
    final Scope parent;
    final Set<String> cteNames;
    final List<String> itemNames = new ArrayList<>();
    final List<TableRef> itemTables = new ArrayList<>();
    final List<SqlIdentifier> unqualified = new ArrayList<>();
    final Set<String> selectAliases = new HashSet<>();

    Scope(Scope parent, Set<String> cteNames) {
      this.parent = parent;
      this.cteNames = cteNames;
    }

    void addItem(String name, TableRef table) {
      itemNames.add(name);
      itemTables.add(table);
    }
  }

  private void statement(SqlNode node) {
    Scope root = new Scope(null, Set.of());
    if (node instanceof SqlInsert insert) {
      query(insert.getSource(), root);
    } else if (node instanceof SqlUpdate update) {
      Scope scope = new Scope(root, Set.of());
      expr(update.getSourceExpressionList(), scope);
      expr(update.getCondition(), scope);
    } else if (node instanceof SqlDelete delete) {
      expr(delete.getCondition(), new Scope(root, Set.of()));
    } else if (node instanceof SqlMerge merge) {
      Scope scope = new Scope(root, Set.of());
      from(merge.getSourceTableRef(), scope);
      expr(merge.getCondition(), scope);
      expr(merge.getUpdateCall(), scope);
      expr(merge.getInsertCall(), scope);
    } else {
      query(node, root);
    }
  }

  /** Walks a query; returns the scope of its top SELECT, if it is one, for ORDER BY. */
  private Scope query(SqlNode node, Scope outer) {
    if (node instanceof SqlSelect select) {
      Scope scope = new Scope(outer, outer.cteNames);
      from(select.getFrom(), scope);
      for (SqlNode item : select.getSelectList()) {
        selectItem(item, scope);
      }
      expr(select.getWhere(), scope);
      expr(select.getGroup(), scope);
      expr(select.getHaving(), scope);
      expr(select.getWindowList(), scope);
      expr(select.getQualify(), scope);
      expr(select.getOrderList(), scope);
      expr(select.getOffset(), scope);
      expr(select.getFetch(), scope);
      attributeUnqualified(scope);
      return scope;
    }
    if (node instanceof SqlOrderBy orderBy) {
      Scope scope = query(orderBy.query, outer);
      Scope target = scope != null ? scope : new Scope(outer, outer.cteNames);
      int before = target.unqualified.size();
      expr(orderBy.orderList, target);
      expr(orderBy.offset, target);
      expr(orderBy.fetch, target);
      if (target.unqualified.size() > before) {
        List<SqlIdentifier> added =
            new ArrayList<>(target.unqualified.subList(before, target.unqualified.size()));
        target.unqualified.clear();
        target.unqualified.addAll(added);
        attributeUnqualified(target);
      }
      return null;
    }
    if (node instanceof SqlWith with) {
      Set<String> names = new HashSet<>(outer.cteNames);
      for (SqlNode n : with.withList) {
        SqlWithItem item = (SqlWithItem) n;
        String name = item.name.getSimple();
        boolean recursive = item.recursive != null && item.recursive.booleanValue();
        Set<String> visible = new HashSet<>(names);
        if (recursive) {
          visible.add(name);
        }
        query(item.query, new Scope(outer, visible));
        names.add(name);
      }
      return query(with.body, new Scope(outer, names));
    }
    if (node instanceof SqlCall call && call.getKind() == SqlKind.EXPLICIT_TABLE) {
      Scope scope = new Scope(outer, outer.cteNames);
      from(call, scope);
      scope.itemTables.forEach(t -> t.allColumns = true);
      return scope;
    }
    if (node instanceof SqlCall call && QUERY_KINDS.contains(call.getKind())) {
      if (call.getKind() == SqlKind.VALUES) {
        expr(call, outer, true);
        return null;
      }
      for (SqlNode operand : call.getOperandList()) {
        query(operand, outer);
      }
      return null;
    }
    expr(node, outer);
    return null;
  }

  private void selectItem(SqlNode item, Scope scope) {
    if (item instanceof SqlIdentifier id && id.isStar()) {
      if (id.names.size() == 1) {
        for (TableRef table : scope.itemTables) {
          if (table != null) {
            table.allColumns = true;
          }
        }
      } else {
        TableRef table = lookup(scope, id.names.subList(0, id.names.size() - 1));
        if (table != null) {
          table.allColumns = true;
        }
      }
      return;
    }
    if (item instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      scope.selectAliases.add(((SqlIdentifier) call.operand(1)).getSimple());
      expr(call.operand(0), scope);
      return;
    }
    expr(item, scope);
  }

  private void from(SqlNode node, Scope scope) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlIdentifier id) {
      TableRef ref = tableRef(id, false, scope);
      scope.addItem(ref.exposedName(), ref);
      return;
    }
    if (node instanceof SqlJoin join) {
      from(join.getLeft(), scope);
      int leftItems = scope.itemNames.size();
      from(join.getRight(), scope);
      if (join.isNatural()) {
        for (TableRef table : scope.itemTables) {
          if (table != null) {
            table.allColumns = true;
          }
        }
      }
      if (join.getConditionType() == JoinConditionType.USING
          && join.getCondition() instanceof SqlNodeList using) {
        for (SqlNode column : using) {
          String name = ((SqlIdentifier) column).getSimple();
          for (int k = 0; k < scope.itemTables.size(); k++) {
            TableRef table = scope.itemTables.get(k);
            if (table != null && (k < leftItems || k == scope.itemTables.size() - 1)) {
              table.columns.add(name);
            }
          }
        }
      } else {
        expr(join.getCondition(), scope);
      }
      return;
    }
    if (node instanceof SqlCall call) {
      switch (call.getKind()) {
        case AS -> {
          SqlNode relation = call.operand(0);
          String alias = ((SqlIdentifier) call.operand(1)).getSimple();
          if (relation instanceof SqlIdentifier id) {
            scope.addItem(alias, tableRef(id, true, scope));
          } else {
            from(relation, scope);
            // the item just added (if any) is known by the alias from now on
            if (!scope.itemNames.isEmpty()
                && scope.itemTables.get(scope.itemTables.size() - 1) == null) {
              scope.itemNames.set(scope.itemNames.size() - 1, alias);
            }
          }
          return;
        }
        case LATERAL, TABLESAMPLE -> {
          from(call.operand(0), scope);
          return;
        }
        case EXPLICIT_TABLE -> {
          if (call.operand(0) instanceof SqlIdentifier id) {
            TableRef ref = tableRef(id, false, scope);
            scope.addItem(ref.exposedName(), ref);
            return;
          }
        }
        case COLLECTION_TABLE -> {
          for (SqlNode operand : call.getOperandList()) {
            expr(operand, scope, true);
          }
          scope.addItem("", null);
          return;
        }
        case UNNEST, VALUES -> {
          expr(call, scope, true);
          scope.addItem("", null);
          return;
        }
        default -> {
          if (QUERY_KINDS.contains(call.getKind())) {
            query(call, scope);
            scope.addItem("", null);
            return;
          }
        }
      }
    }
    throw new Untranslatable(
        "unsupported FROM item (" + node.getKind() + ")", offsetOf(node.getParserPosition()));
  }

  private TableRef tableRef(SqlIdentifier id, boolean aliased, Scope scope) {
    List<String> parts = id.names;
    int first = text.tokenAt(id.getComponentParserPosition(0).getColumnNum());
    int last = text.tokenAt(id.getComponentParserPosition(parts.size() - 1).getColumnNum());
    TableRef.Kind kind;
    TableName mirror = null;
    if (parts.size() == 1 && scope.cteNames.contains(parts.get(0))) {
      kind = TableRef.Kind.CTE;
    } else {
      mirror = catalog.resolveMirror(parts, searchPath).orElse(null);
      kind = mirror != null ? TableRef.Kind.MIRROR : TableRef.Kind.POSTGRES;
    }
    TableRef ref = new TableRef(first, last, parts, aliased, kind, mirror);
    found.tables.add(ref);
    return ref;
  }

  private void expr(SqlNode node, Scope scope) {
    expr(node, scope, false);
  }

  private void expr(SqlNode node, Scope scope, boolean valuesOrTableFunction) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlIdentifier id) {
      column(id, scope);
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode item : list) {
        expr(item, scope);
      }
    } else if (node instanceof SqlWindow window) {
      expr(window.getPartitionList(), scope);
      expr(window.getOrderList(), scope);
      expr(window.getLowerBound(), scope);
      expr(window.getUpperBound(), scope);
    } else if (node instanceof SqlCall call) {
      if (!valuesOrTableFunction && QUERY_KINDS.contains(call.getKind())) {
        query(call, scope);
        return;
      }
      if (call.getOperator() instanceof SqlFunction function) {
        found.functions.add(
            new References.FunctionUse(
                function.getName().toLowerCase(Locale.ROOT),
                text.tokenAt(call.getParserPosition().getColumnNum()),
                valuesOrTableFunction));
      }
      List<SqlNode> operands = call.getOperandList();
      if (call.getKind() == SqlKind.AS) {
        operands = operands.subList(0, 1);
      } else if (call.getKind() == SqlKind.OVER
          && operands.size() == 2
          && operands.get(1) instanceof SqlIdentifier) {
        operands = operands.subList(0, 1); // OVER w: a window name
      }
      for (SqlNode operand : operands) {
        expr(operand, scope);
      }
    }
  }

  private void column(SqlIdentifier id, Scope scope) {
    if (id.isStar()) {
      return; // count(*) and the like
    }
    if (id.names.size() == 1) {
      scope.unqualified.add(id);
      return;
    }
    TableRef table = lookup(scope, id.names.subList(0, id.names.size() - 1));
    if (table != null) {
      table.columns.add(id.names.get(id.names.size() - 1));
    }
  }

  /**
   * The table a column qualifier ({@code o} or {@code public.orders}) designates, innermost scope
   * first.
   */
  private static TableRef lookup(Scope scope, List<String> qualifier) {
    for (Scope s = scope; s != null; s = s.parent) {
      for (int k = 0; k < s.itemNames.size(); k++) {
        TableRef table = s.itemTables.get(k);
        boolean matches =
            qualifier.size() == 1
                ? s.itemNames.get(k).equals(qualifier.get(0))
                : table != null && !table.aliased && table.parts.equals(qualifier);
        if (matches) {
          return table;
        }
      }
    }
    return null;
  }

  /**
   * Unqualified columns belong to the only FROM item when there is one; with several, which table
   * holds them is unknown without the tables' columns, so every ordinary table is fetched whole.
   */
  private void attributeUnqualified(Scope scope) {
    List<String> names = new ArrayList<>();
    for (SqlIdentifier id : scope.unqualified) {
      if (!scope.selectAliases.contains(id.getSimple())) {
        names.add(id.getSimple());
      }
    }
    if (names.isEmpty()) {
      return;
    }
    if (scope.itemTables.size() == 1 && scope.itemTables.get(0) != null) {
      scope.itemTables.get(0).columns.addAll(names);
    } else {
      for (TableRef table : scope.itemTables) {
        if (table != null) {
          table.allColumns = true;
        }
      }
    }
  }

  private int offsetOf(SqlParserPos pos) {
    return tokens.get(text.tokenAt(pos.getColumnNum())).start();
  }
}
