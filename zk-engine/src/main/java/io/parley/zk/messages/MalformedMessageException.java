package io.parley.zk.messages;

/** An envelope or piece of evidence that does not decode: an expected rejection, not a bug. */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }
}
