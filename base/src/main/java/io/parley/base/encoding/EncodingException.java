package io.parley.base.encoding;

/** Input bytes are not a valid canonical encoding of the expected structure. */
public final class EncodingException extends RuntimeException {
  public EncodingException(String message) {
    super(message);
  }

  public EncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
