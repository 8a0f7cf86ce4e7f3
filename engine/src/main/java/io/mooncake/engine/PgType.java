package io.mooncake.engine;

/**
 * A PostgreSQL column type as the source describes it: the type's OID and modifier, and, for types
 * that are not built in, what {@code pg_type} says of them. Immutable.
 *
 * @param oid the type OID ({@code pg_attribute.atttypid}, or pgoutput's column type)
 * @param typmod the type modifier ({@code atttypmod}), -1 when none
 * @param kind what the type is ({@code pg_type.typtype}, with arrays told apart)
 * @param baseOid for a domain, the OID of its base type; else the type's own OID
 * @param baseTypmod for a domain, the modifier of its base type; else {@code typmod}
 * @param name the type's name as {@code format_type} prints it, for messages
 */
public record PgType(int oid, int typmod, Kind kind, int baseOid, int baseTypmod, String name) {

  /** What a type is, from {@code pg_type.typtype} and {@code typcategory}. */
  public enum Kind {
    /** A built-in or extension base type that is not an array. */
    BASE,
    /** An array of any element type. */
    ARRAY,
    /** A domain over a base type ({@code typtype = 'd'}). */
    DOMAIN,
    /** An enum ({@code 'e'}). */
    ENUM,
    /** A composite (row) type ({@code 'c'}). */
    COMPOSITE,
    /** A range or multirange ({@code 'r'}, {@code 'm'}). */
    RANGE,
    /** A pseudo-type or anything else. */
    OTHER;

    /** The kind of a type with {@code pg_type.typtype} and {@code typcategory}. */
    public static Kind of(String typtype, String typcategory) {
      if ("A".equals(typcategory)) {
        return ARRAY;
      }
      switch (typtype) {
        case "b":
          return BASE;
        case "d":
          return DOMAIN;
        case "e":
          return ENUM;
        case "c":
          return COMPOSITE;
        case "r":
        case "m":
          return RANGE;
        default:
          return OTHER;
      }
    }
  }

  /** A built-in base type, such as {@code int4} or {@code numeric(10,2)}. */
  public static PgType base(int oid, int typmod, String name) {
    return new PgType(oid, typmod, Kind.BASE, oid, typmod, name);
  }
}
