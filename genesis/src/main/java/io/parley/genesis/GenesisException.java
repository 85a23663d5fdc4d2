package io.parley.genesis;

/** A genesis file or key file is missing, malformed or inconsistent; the message says where. */
public final class GenesisException extends RuntimeException {
  public GenesisException(String message) {
    super(message);
  }

  public GenesisException(String message, Throwable cause) {
    super(message, cause);
  }
}
