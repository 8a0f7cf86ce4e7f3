package io.mooncake.engine;

import java.util.Locale;

/**
 * A PostgreSQL write-ahead log position (pg_lsn). Ordered as unsigned 64-bit numbers; printed and
 * parsed as PostgreSQL does ({@code 16/B374D848}). Immutable.
 */
public final class Lsn implements Comparable<Lsn> {

  /** The invalid position {@code 0/0}, before every real one. */
  public static final Lsn ZERO = new Lsn(0);

  private final long value;

  private Lsn(long value) {
    this.value = value;
  }

  /** The position with this 64-bit value. */
  public static Lsn of(long value) {
    return value == 0 ? ZERO : new Lsn(value);
  }

  /** Parses PostgreSQL's text form {@code XXXXXXXX/XXXXXXXX} (hexadecimal halves). */
  public static Lsn parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
      throw new IllegalArgumentException(
          "not an LSN: \"" + text + "\" (expected e.g. 16/B374D848)");
    }
    try {
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      return of((high << 32) | low);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not an LSN: \"" + text + "\" (expected e.g. 16/B374D848)", e);
    }
  }

  /** The 64-bit value, as PgJDBC's {@code LogSequenceNumber.asLong()}. */
  public long asLong() {
    return value;
  }

  /** Whether this position is after {@code other}. */
  public boolean isAfter(Lsn other) {
    return compareTo(other) > 0;
  }

  /** Whether this position is before {@code other}. */
  public boolean isBefore(Lsn other) {
    return compareTo(other) < 0;
  }

  /** The later of the two positions. */
  public Lsn max(Lsn other) {
    return compareTo(other) >= 0 ? this : other;
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lsn && ((Lsn) o).value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
  }
}
