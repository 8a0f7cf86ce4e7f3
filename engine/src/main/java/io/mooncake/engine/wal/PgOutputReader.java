package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A cursor over one pgoutput message: big-endian integers, NUL-terminated UTF-8 strings and tuple
 * data, with every read bounds-checked so that a truncated message fails with its type and offset.
 * Reused for each message; not thread-safe.
 */
final class PgOutputReader {

  /** Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private byte[] buf;
  private int start;
  private int pos;
  private int end;
  private byte type;

  /** Starts reading {@code bytes[offset, offset + length)}; returns the message type byte. */
  byte reset(byte[] bytes, int offset, int length) {
    buf = bytes;
    start = offset;
    pos = offset;
    end = offset + length;
    type = 0;
    if (length == 0) {
      throw new WalDecodingException("empty pgoutput message");
    }
    type = bytes[pos++];
    return type;
  }

  /** Forgets the message, so that the receive buffer it lives in is not pinned. */
  void release() {
    buf = null;
  }

  /** The offset of the next byte from the start of the message. */
  int offset() {
    return pos - start;
  }

  boolean atEnd() {
    return pos == end;
  }

  int remaining() {
    return end - pos;
  }

  int readUInt8() {
    require(1);
    return buf[pos++] & 0xFF;
  }

  int readUInt16() {
    require(2);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int readInt32() {
    require(4);
    int v =
        ((buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long readInt64() {
    require(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  Lsn readLsn() {
    return Lsn.of(readInt64());
  }

  long readXid() {
    return Integer.toUnsignedLong(readInt32());
  }

  /** A timestamp sent as microseconds since 2000-01-01 UTC. */
  Instant readTimestamp() {
    long micros = readInt64();
    return Instant.ofEpochSecond(
        PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  String readString() {
    for (int i = pos; i < end; i++) {
      if (buf[i] == 0) {
        String s = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
        pos = i + 1;
        return s;
      }
    }
    throw malformed("unterminated string");
  }

  /** An Int32 length followed by that many bytes. */
  byte[] readCountedBytes() {
    int length = readLength();
    byte[] bytes = Arrays.copyOfRange(buf, pos, pos + length);
    pos += length;
    return bytes;
  }

  /** Reads the tag byte and fails unless it is {@code expected}. */
  void expectTag(char expected) {
    int at = offset();
    int tag = readUInt8();
    if (tag != expected) {
      throw malformedAt(at, "expected tuple tag '" + expected + "' but found " + describe(tag));
    }
  }

  /** TupleData: Int16 column count, then per column a kind byte and, for 't' and 'b', a value. */
  TupleData readTuple() {
    int count = readUInt16();
    byte[] kinds = new byte[count];
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      int kindAt = offset();
      int kind = readUInt8();
      switch (kind) {
        case 'n':
          kinds[i] = (byte) TupleData.Kind.NULL.ordinal();
          break;
        case 'u':
          kinds[i] = (byte) TupleData.Kind.UNCHANGED_TOAST.ordinal();
          break;
        case 't':
          {
            int length = readLength();
            kinds[i] = (byte) TupleData.Kind.TEXT.ordinal();
            values[i] = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            break;
          }
        case 'b':
          kinds[i] = (byte) TupleData.Kind.BINARY.ordinal();
          values[i] = readCountedBytes();
          break;
        default:
          throw malformedAt(kindAt, "column " + i + " has unknown kind " + describe(kind));
      }
    }
    return new TupleData(kinds, values);
  }

  private int readLength() {
    int at = offset();
    int length = readInt32();
    if (length < 0) {
      throw malformedAt(at, "negative value length " + length);
    }
    require(length);
    return length;
  }

  private void require(int bytes) {
    if (end - pos < bytes) {
      throw malformed(
          "needs " + bytes + " more bytes but the message is " + (end - start) + " bytes long");
    }
  }

  WalDecodingException malformed(String problem) {
    return malformedAt(offset(), problem);
  }

  WalDecodingException malformedAt(int offset, String problem) {
    return new WalDecodingException(
        "malformed pgoutput "
            + messageName(type)
            + " message at offset "
            + offset
            + ": "
            + problem);
  }

  static String describe(int b) {
    return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("0x%02X", b);
  }

  private static String messageName(byte type) {
    switch (type) {
      case 'B':
        return "Begin";
      case 'C':
        return "Commit";
      case 'O':
        return "Origin";
      case 'R':
        return "Relation";
      case 'Y':
        return "Type";
      case 'I':
        return "Insert";
      case 'U':
        return "Update";
      case 'D':
        return "Delete";
      case 'T':
        return "Truncate";
      case 'M':
        return "Message";
      case 'S':
        return "Stream Start";
      case 'E':
        return "Stream Stop";
      case 'c':
        return "Stream Commit";
      case 'A':
        return "Stream Abort";
      case 'b':
        return "Begin Prepare";
      case 'P':
        return "Prepare";
      case 'K':
        return "Commit Prepared";
      case 'r':
        return "Rollback Prepared";
      case 'p':
        return "Stream Prepare";
      default:
        return describe(type & 0xFF);
    }
  }
}
