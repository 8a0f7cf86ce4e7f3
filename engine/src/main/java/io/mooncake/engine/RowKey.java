package io.mooncake.engine;

import java.nio.charset.StandardCharsets;

/**
 * The identity of a row in a mirror: a 128-bit hash of the PostgreSQL text of its key columns (the
 * primary key, or every column for a table with REPLICA IDENTITY FULL). PostgreSQL sends a row's
 * key in the text it stored, so equal keys always hash alike. Stored in DuckDB as a HUGEINT.
 * Immutable.
 *
 * @param high the upper 64 bits
 * @param low the lower 64 bits
 */
public record RowKey(long high, long low) {

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  /** The key of the values at {@code columns} of {@code row} (text form; null is NULL). */
  public static RowKey of(String[] row, int[] columns) {
    long h1 = 0x9368e53c2f6af274L;
    long h2 = 0x586dcd208f7cd3fdL;
    for (int c : columns) {
      String v = row[c];
      // NULL and each value are framed so that ("a","bc") and ("ab","c") differ.
      byte[] bytes = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
      long k1 = v == null ? -1L : bytes.length;
      h1 = mix(h1 ^ mixK1(k1), h2);
      for (int i = 0; i < bytes.length; i += 8) {
        long k = 0;
        for (int j = 0; j < 8 && i + j < bytes.length; j++) {
          k |= (bytes[i + j] & 0xFFL) << (8 * j);
        }
        h1 = mix(h1 ^ mixK1(k), h2);
        h2 = mix(h2 ^ mixK2(k), h1);
      }
    }
    h1 ^= columns.length;
    h2 ^= columns.length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    return new RowKey(h1, h2);
  }

  private static long mixK1(long k) {
    return Long.rotateLeft(k * C1, 31) * C2;
  }

  private static long mixK2(long k) {
    return Long.rotateLeft(k * C2, 33) * C1;
  }

  private static long mix(long h, long other) {
    return Long.rotateLeft(h, 27) + other;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
