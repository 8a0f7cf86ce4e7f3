package io.mooncake.driver;

import io.mooncake.calcite.MirrorCatalog;
import io.mooncake.calcite.QueryPlan;
import io.mooncake.calcite.QueryPlanner;
import io.mooncake.calcite.SearchPath;
import io.mooncake.calcite.TableName;
import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorName;
import io.mooncake.engine.MirrorReads;
import java.util.Map;

/**
 * Decides where a statement of a mooncake connection runs: PostgreSQL as it is, DuckDB over the
 * mirrors' state, or PostgreSQL against the mirrors' sources (the fallback). Keeps two planners
 * built from the engine's current mirrors: one that points mirror names at DuckDB views, one that
 * points them at the source tables. Thread-safe.
 */
final class MirrorRouter {

  /** What to do with one statement. */
  record Decision(QueryPlan duckDb, QueryPlan postgres) {}

  private static final Decision PASS_THROUGH = new Decision(null, null);

  private final CatalogMirrors catalog;
  private final SessionSearchPath searchPath;
  private volatile Map<MirrorName, Engine.MirrorInfo> built;
  private volatile QueryPlanner toDuckDb;
  private volatile QueryPlanner toSources;

  /**
   * Decisions by search path and statement text, for the mirrors {@link #built} names (plans are
   * pure).
   */
  private final Map<String, Decision> decided = new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_DECIDED = 1000;

  /**
   * A router of one connection; {@code catalog} lists the mirrors when no engine runs here, {@code
   * searchPath} is the session's, where unqualified names are found.
   */
  MirrorRouter(CatalogMirrors catalog, SessionSearchPath searchPath) {
    this.catalog = catalog;
    this.searchPath = searchPath;
  }

  /** The decision for {@code sql}; a pass-through when no mirror is named. */
  Decision decide(MirrorReads engine, String sql) throws java.sql.SQLException {
    searchPath.saw(sql);
    Map<MirrorName, Engine.MirrorInfo> mirrors =
        engine != null ? engine.mirrors() : catalog.current();
    if (mirrors.isEmpty()) {
      return PASS_THROUGH;
    }
    if (!mirrors.equals(built)) {
      rebuild(mirrors, engine != null, catalog.collation());
    }
    SearchPath path = searchPath.current();
    String key = path.equals(SearchPath.DEFAULT) ? sql : path.schemas() + "\u0000" + sql;
    Decision known = decided.get(key);
    if (known != null) {
      return known;
    }
    Decision d = plan(engine != null, sql, path);
    if (d != PASS_THROUGH) {
      // Statements on mirrors are planned once (the lexer already makes the others cheap).
      if (decided.size() >= MAX_DECIDED) {
        decided.clear();
      }
      decided.put(key, d);
    }
    return d;
  }

  private Decision plan(boolean local, String sql, SearchPath path) {
    if (!local) {
      // The mirrors' state lives in another process: only their sources can answer here.
      QueryPlan plan = toSources.plan(sql, path);
      if (plan instanceof QueryPlan.NotAMirrorQuery) {
        return PASS_THROUGH;
      }
      QueryPlan duckDb =
          plan instanceof QueryPlan.MirrorQuery
              ? new QueryPlan.CannotTranslate(
                  "no mooncake engine runs in this process (engine=off, or another process owns"
                      + " this database's engine), so the mirrors' state is not here")
              : plan;
      return new Decision(duckDb, plan);
    }
    QueryPlan plan = toDuckDb.plan(sql, path);
    if (plan instanceof QueryPlan.NotAMirrorQuery) {
      return PASS_THROUGH;
    }
    if (plan instanceof QueryPlan.MirrorQuery) {
      String why = unavailable(((QueryPlan.MirrorQuery) plan).mirrors());
      if (why == null) {
        why =
            TextStoredColumns.reason(
                sql, TextStoredColumns.of(((QueryPlan.MirrorQuery) plan).mirrors(), built));
      }
      if (why != null) {
        plan = new QueryPlan.CannotTranslate(why);
      }
    }
    return new Decision(plan, toSources.plan(sql, path));
  }

  /** Why one of {@code mirrors} cannot be read here now (failed, or being copied), or null. */
  private String unavailable(java.util.Set<TableName> mirrors) {
    for (TableName t : mirrors) {
      Engine.MirrorInfo info = built.get(new MirrorName(t.schema(), t.name()));
      if (info != null && info.failure() != null) {
        return "mirror " + info.name() + " cannot be read now: " + info.failure();
      }
    }
    return null;
  }

  /** The columns of {@code mirrors} as this router last knew them. */
  java.util.List<TextStoredColumns.Column> columns(java.util.Set<TableName> mirrors) {
    Map<MirrorName, Engine.MirrorInfo> known = built;
    return known == null ? java.util.List.of() : TextStoredColumns.of(mirrors, known);
  }

  /**
   * What DuckDB reads for mirror {@code m}: its view, with char(n) columns without their padding
   * blanks (PostgreSQL compares them so; the driver pads results typed char(n) again).
   */
  private static String relation(Engine.MirrorInfo m) {
    java.util.List<String> trimmed = new java.util.ArrayList<>();
    if (m.schema() != null) {
      for (io.mooncake.engine.MirrorColumn c : m.schema().columns()) {
        if (TextStoredColumns.padded(c.type().pgType())) {
          String name = io.mooncake.engine.Sql.identifier(c.name());
          trimmed.add("rtrim(" + name + ", ' ') AS " + name);
        }
      }
    }
    return trimmed.isEmpty()
        ? m.duckDbView()
        : "(SELECT * REPLACE (" + String.join(", ", trimmed) + ") FROM " + m.duckDbView() + ")";
  }

  private synchronized void rebuild(
      Map<MirrorName, Engine.MirrorInfo> mirrors, boolean local, String collation) {
    // DuckDB compares text by code point: the planner refuses text comparisons otherwise.
    MirrorCatalog.Builder duck = MirrorCatalog.builder().collation(collation);
    MirrorCatalog.Builder pg = MirrorCatalog.builder();
    for (Engine.MirrorInfo m : mirrors.values()) {
      TableName name = TableName.of(m.name().schema(), m.name().name());
      if (local) {
        // A mirror being copied again may have no view yet: its queries are refused (unavailable).
        duck.mirror(
            name.schema(), name.name(), m.duckDbView() != null ? relation(m) : "unavailable");
      }
      pg.mirror(name.schema(), name.name(), m.source().quoted());
    }
    toDuckDb = local ? new QueryPlanner(duck.build()) : null;
    toSources = QueryPlanner.renaming(pg.build());
    decided.clear();
    built = mirrors;
  }
}
