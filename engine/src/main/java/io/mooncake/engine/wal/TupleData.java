package io.mooncake.engine.wal;

import java.util.Arrays;

/**
 * The column values of one row image in a pgoutput change, in the relation's column order. Each
 * column is null, an unchanged TOASTed value (the receiver keeps the value it already has), text
 * (decoded as UTF-8) or binary. Immutable.
 */
public final class TupleData {

  /** How one column value was sent. */
  public enum Kind {
    /** SQL NULL ('n'). */
    NULL,
    /**
     * A TOASTed value the UPDATE did not change and pgoutput did not send ('u'): keep the old one.
     */
    UNCHANGED_TOAST,
    /** The value's text output ('t'). */
    TEXT,
    /** The value's binary send output ('b'). */
    BINARY
  }

  private static final Kind[] KINDS = Kind.values();

  private final byte[] kinds;
  private final Object[] values;

  /** Takes ownership of both arrays: the decoder builds them and never touches them again. */
  TupleData(byte[] kinds, Object[] values) {
    this.kinds = kinds;
    this.values = values;
  }

  /** The number of columns. */
  public int size() {
    return kinds.length;
  }

  /** How column {@code i} (0-based) was sent. */
  public Kind kind(int i) {
    return KINDS[kinds[i]];
  }

  /** Whether column {@code i} is SQL NULL. */
  public boolean isNull(int i) {
    return kinds[i] == Kind.NULL.ordinal();
  }

  /** Whether column {@code i} is an unchanged TOASTed value that was not sent. */
  public boolean isUnchangedToast(int i) {
    return kinds[i] == Kind.UNCHANGED_TOAST.ordinal();
  }

  /** The text of column {@code i}; fails unless it was sent as text. */
  public String text(int i) {
    return (String) valueOf(i, Kind.TEXT);
  }

  /** A copy of the binary value of column {@code i}; fails unless it was sent as binary. */
  public byte[] binary(int i) {
    return ((byte[]) valueOf(i, Kind.BINARY)).clone();
  }

  private Object valueOf(int i, Kind expected) {
    if (kinds[i] != expected.ordinal()) {
      throw new IllegalStateException("column " + i + " is " + kind(i) + ", not " + expected);
    }
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TupleData
        && Arrays.equals(kinds, ((TupleData) o).kinds)
        && Arrays.deepEquals(values, ((TupleData) o).values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(kinds) + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      switch (kind(i)) {
        case NULL:
          s.append("null");
          break;
        case UNCHANGED_TOAST:
          s.append("<unchanged toast>");
          break;
        case TEXT:
          s.append('\'').append(values[i]).append('\'');
          break;
        default:
          s.append("<").append(((byte[]) values[i]).length).append(" bytes>");
      }
    }
    return s.append(')').toString();
  }
}
