package io.mooncake.engine.wal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds pgoutput messages byte by byte, as the walsender sends them, for decoder tests. */
final class MessageBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static MessageBytes type(char type) {
    return new MessageBytes().int8(type);
  }

  MessageBytes int8(int v) {
    out.write(v);
    return this;
  }

  MessageBytes int16(int v) {
    return int8(v >>> 8).int8(v);
  }

  MessageBytes int32(int v) {
    return int16(v >>> 16).int16(v);
  }

  MessageBytes int64(long v) {
    return int32((int) (v >>> 32)).int32((int) v);
  }

  MessageBytes string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    return int8(0);
  }

  MessageBytes bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  /**
   * A tuple: column count, then per column {@code null} → 'n', {@code UNCHANGED} → 'u', a String →
   * 't', a byte[] → 'b'.
   */
  MessageBytes tuple(Object... columns) {
    int16(columns.length);
    for (Object c : columns) {
      if (c == null) {
        int8('n');
      } else if (c == UNCHANGED) {
        int8('u');
      } else if (c instanceof String) {
        byte[] b = ((String) c).getBytes(StandardCharsets.UTF_8);
        int8('t').int32(b.length).bytes(b);
      } else {
        byte[] b = (byte[]) c;
        int8('b').int32(b.length).bytes(b);
      }
    }
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }

  /** Marks an unchanged TOAST column in {@link #tuple}. */
  static final Object UNCHANGED = new Object();
}
