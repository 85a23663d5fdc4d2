package io.parley.zk.inputs;

/** A secret input that does not follow docs/spec/secret-inputs.md; the message says how. */
public final class SecretInputException extends RuntimeException {
  public SecretInputException(String message) {
    super(message);
  }
}
