package io.mooncake.engine.wal;

/**
 * A pgoutput message could not be decoded: unknown type, truncated, or inconsistent. The message
 * says which message type and byte offset (from the start of the message) were at fault.
 */
public final class WalDecodingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  WalDecodingException(String message) {
    super(message);
  }
}
