package io.parley.contracts.runtime;

/** A bundle or module refused at deployment; the message is the precise reason. */
public final class DeployException extends Exception {
  public DeployException(String message) {
    super(message);
  }
}
