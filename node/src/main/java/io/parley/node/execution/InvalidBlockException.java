package io.parley.node.execution;

/** A block does not follow the rules: it must not be committed. The message says why. */
public final class InvalidBlockException extends Exception {
  public InvalidBlockException(String message) {
    super(message);
  }
}
