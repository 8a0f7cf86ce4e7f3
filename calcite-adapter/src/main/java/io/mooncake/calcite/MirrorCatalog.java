package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The mirrors of one database, each with the relation DuckDB reads it through; every other relation
 * is an ordinary PostgreSQL table. Optionally lists ordinary relations whose names could hide a
 * mirror on the search path (PostgreSQL takes the first schema that has the name, mirror or not).
 * Immutable and thread-safe; build a new one when mirrors are created or dropped.
 */
public final class MirrorCatalog {

  private final Map<TableName, MirrorScan> mirrors;
  private final Set<TableName> otherRelations;
  private final MirrorNameIndex nameIndex;
  private final Set<String> names;
  private final String collation;

  private MirrorCatalog(
      Map<TableName, MirrorScan> mirrors, Set<TableName> otherRelations, String collation) {
    this.mirrors = Map.copyOf(mirrors);
    this.otherRelations = Set.copyOf(otherRelations);
    this.collation = collation;
    List<String> names = new ArrayList<>();
    for (TableName name : mirrors.keySet()) {
      names.add(name.name());
    }
    this.nameIndex = new MirrorNameIndex(names);
    this.names = Set.copyOf(names);
  }

  /** The mirrors' unqualified names. */
  Set<String> names() {
    return names;
  }

  /**
   * True when the database sorts text by code point, as DuckDB does ({@code C} or {@code POSIX}).
   */
  boolean binaryCollation() {
    return BINARY_COLLATIONS.contains(collation);
  }

  /** The database's default collation, as given to the builder. */
  String collation() {
    return collation;
  }

  /** Collations that order text by code point, as DuckDB does. */
  private static final Set<String> BINARY_COLLATIONS =
      Set.of("C", "POSIX", "ucs_basic", "C.UTF-8", "C.utf8", "pg_c_utf8");

  public static Builder builder() {
    return new Builder();
  }

  /** The empty catalog: no statement is a mirror query. */
  public static MirrorCatalog empty() {
    return builder().build();
  }

  public Set<TableName> mirrors() {
    return mirrors.keySet();
  }

  public Optional<MirrorScan> scan(TableName mirror) {
    return Optional.ofNullable(mirrors.get(mirror));
  }

  /** True when {@code sql} mentions a mirror's name as an identifier: the cheap first check. */
  boolean mayMention(String sql) {
    try {
      return nameIndex.mentionedIn(sql);
    } catch (Untranslatable e) {
      return false; // not lexically valid SQL: PostgreSQL will say so
    }
  }

  /**
   * The mirror a table reference names, if any. {@code parts} are the reference's identifiers after
   * case folding: {@code [name]}, {@code [schema, name]} or {@code [database, schema, name]}.
   */
  Optional<TableName> resolveMirror(List<String> parts, SearchPath searchPath) {
    int n = parts.size();
    if (n >= 2) {
      TableName qualified = TableName.of(parts.get(n - 2), parts.get(n - 1));
      return mirrors.containsKey(qualified) ? Optional.of(qualified) : Optional.empty();
    }
    for (String schema : searchPath.schemas()) {
      TableName candidate = TableName.of(schema, parts.get(0));
      if (mirrors.containsKey(candidate)) {
        return Optional.of(candidate);
      }
      if (otherRelations.contains(candidate)) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Builds a {@link MirrorCatalog}. Not thread-safe. */
  public static final class Builder {
    private final Map<TableName, MirrorScan> mirrors = new LinkedHashMap<>();
    private final Set<TableName> otherRelations = new HashSet<>();
    private String collation = "C";

    private Builder() {}

    public Builder mirror(TableName name, MirrorScan scan) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(scan, "scan");
      if (mirrors.putIfAbsent(name, scan) != null) {
        throw new IllegalArgumentException("mirror listed twice: " + name);
      }
      return this;
    }

    /** Convenience: {@code mirror(TableName.of(schema, name), new MirrorScan(duckDbRelation))}. */
    public Builder mirror(String schema, String name, String duckDbRelation) {
      return mirror(TableName.of(schema, name), new MirrorScan(duckDbRelation));
    }

    /** An ordinary relation (table, view, ...) that may hide a mirror of the same name. */
    public Builder otherRelation(TableName name) {
      otherRelations.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * The database's default collation (for ICU or builtin databases {@code pg_database.datlocale},
     * else {@code datcollate}); DuckDB compares text by code point, so with any other collation
     * queries that may compare or sort text are not translated.
     */
    public Builder collation(String collation) {
      this.collation = Objects.requireNonNull(collation, "collation");
      return this;
    }

    public MirrorCatalog build() {
      return new MirrorCatalog(mirrors, otherRelations, collation);
    }
  }
}
