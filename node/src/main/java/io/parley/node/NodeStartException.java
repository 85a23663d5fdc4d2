package io.parley.node;

/** The node cannot start with this configuration; the message tells the operator what to fix. */
public final class NodeStartException extends RuntimeException {
  public NodeStartException(String message) {
    super(message);
  }
}
