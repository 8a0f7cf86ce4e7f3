package io.mooncake.engine;

import java.util.Arrays;

/**
 * Where each row identity is in the mem slice: its rows' sequence numbers, in the heap, so that a
 * batch finds the rows it deletes there without joining its deletes with the whole mem slice in
 * DuckDB. An open-addressing multimap of (first hash, second hash) to sequence numbers (identical
 * rows of a table without a key share an identity), 25 bytes a slot, at most 75 % full; its size
 * follows the mem slice's, which the flush thresholds bound, and it shrinks when the mem slice is
 * emptied.
 *
 * <p>Changes made while a batch is applied can be undone ({@link #undo}) when DuckDB rolls the
 * batch back, and are kept by {@link #keep} once it commits. Used by the apply thread only.
 */
final class BufferIdentities {

  private static final byte EMPTY = 0;
  private static final byte FULL = 1;
  private static final byte REMOVED = 2;

  private long[] first = new long[16];
  private long[] second = new long[16];
  private long[] seqs = new long[16];
  private byte[] state = new byte[16];

  /** Slots FULL or REMOVED: a probe goes on over both. */
  private int used;

  // What the batch being applied added and removed ({first, second, seq} triples), to undo it.
  private boolean journaling;
  private long[] added = new long[0];
  private int addedCount;
  private long[] removed = new long[0];
  private int removedCount;

  /** A row of identity (a, b) with sequence number {@code seq} joined the mem slice. */
  void add(long a, long b, long seq) {
    put(a, b, seq);
    if (journaling) {
      added = record(added, addedCount++, a, b, seq);
    }
  }

  /**
   * Removes and returns the sequence numbers of at most {@code n} rows of identity (a, b) with a
   * sequence number below {@code below}, the oldest first.
   */
  long[] take(long a, long b, int n, long below) {
    long[] found = new long[0];
    int count = 0;
    int mask = state.length - 1;
    for (int i = slot(a, b); state[i] != EMPTY; i = (i + 1) & mask) {
      if (state[i] == FULL && first[i] == a && second[i] == b && seqs[i] < below) {
        if (count == found.length) {
          found = Arrays.copyOf(found, Math.max(4, count * 2));
        }
        found[count++] = i;
      }
    }
    if (count == 0) {
      return new long[0];
    }
    long[] slots = Arrays.copyOf(found, count);
    long[] bySeq = new long[count];
    for (int k = 0; k < count; k++) {
      bySeq[k] = seqs[(int) slots[k]];
    }
    Arrays.sort(bySeq);
    long[] taken = Arrays.copyOf(bySeq, Math.min(n, count));
    for (long s : taken) {
      for (long slotIndex : slots) {
        int i = (int) slotIndex;
        if (state[i] == FULL && seqs[i] == s) {
          state[i] = REMOVED;
          if (journaling) {
            removed = record(removed, removedCount++, a, b, s);
          }
          break;
        }
      }
    }
    return taken;
  }

  /** The mem slice was emptied (frozen, or truncated). */
  void clear() {
    if (journaling) {
      for (int i = 0; i < state.length; i++) {
        if (state[i] == FULL) {
          removed = record(removed, removedCount++, first[i], second[i], seqs[i]);
        }
      }
    }
    first = new long[16];
    second = new long[16];
    seqs = new long[16];
    state = new byte[16];
    used = 0;
  }

  /** A batch begins: what it changes can be undone until {@link #keep} or {@link #undo}. */
  void begin() {
    journaling = true;
    addedCount = 0;
    removedCount = 0;
  }

  /** The batch committed. */
  void keep() {
    journaling = false;
    addedCount = 0;
    removedCount = 0;
  }

  /** The batch was rolled back: its changes go back. */
  void undo() {
    journaling = false;
    for (int k = 0; k < addedCount; k++) {
      remove(added[3 * k], added[3 * k + 1], added[3 * k + 2]);
    }
    for (int k = 0; k < removedCount; k++) {
      put(removed[3 * k], removed[3 * k + 1], removed[3 * k + 2]);
    }
    addedCount = 0;
    removedCount = 0;
  }

  private void put(long a, long b, long seq) {
    if ((used + 1) * 4L > state.length * 3L) {
      rehash();
    }
    int mask = state.length - 1;
    int i = slot(a, b);
    while (state[i] == FULL) {
      i = (i + 1) & mask;
    }
    if (state[i] == EMPTY) {
      used++;
    }
    first[i] = a;
    second[i] = b;
    seqs[i] = seq;
    state[i] = FULL;
  }

  private void remove(long a, long b, long seq) {
    int mask = state.length - 1;
    for (int i = slot(a, b); state[i] != EMPTY; i = (i + 1) & mask) {
      if (state[i] == FULL && first[i] == a && second[i] == b && seqs[i] == seq) {
        state[i] = REMOVED;
        return;
      }
    }
  }

  /** Rebuilds the table without its removed slots, twice as large when more than half is full. */
  private void rehash() {
    int full = 0;
    for (byte s : state) {
      full += s == FULL ? 1 : 0;
    }
    int capacity = state.length;
    while ((full + 1) * 2L > capacity) {
      capacity *= 2;
    }
    long[] oldFirst = first;
    long[] oldSecond = second;
    long[] oldSeqs = seqs;
    byte[] oldState = state;
    first = new long[capacity];
    second = new long[capacity];
    seqs = new long[capacity];
    state = new byte[capacity];
    used = 0;
    for (int i = 0; i < oldState.length; i++) {
      if (oldState[i] == FULL) {
        put(oldFirst[i], oldSecond[i], oldSeqs[i]);
      }
    }
  }

  private int slot(long a, long b) {
    long h = a * 0x9E3779B97F4A7C15L ^ b;
    h ^= h >>> 29;
    return (int) h & (state.length - 1);
  }

  private static long[] record(long[] to, int at, long a, long b, long seq) {
    long[] out = to.length < 3 * (at + 1) ? Arrays.copyOf(to, Math.max(48, to.length * 2)) : to;
    out[3 * at] = a;
    out[3 * at + 1] = b;
    out[3 * at + 2] = seq;
    return out;
  }
}
