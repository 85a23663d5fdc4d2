package io.parley.contracts.abi;

/** Malformed ABI JSON, bundle or value encoding; the message says what and where. */
public final class AbiException extends RuntimeException {
  public AbiException(String message) {
    super(message);
  }

  public AbiException(String message, Throwable cause) {
    super(message, cause);
  }
}
