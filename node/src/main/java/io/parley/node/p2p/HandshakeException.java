package io.parley.node.p2p;

/** A peer failed the handshake or broke the session: the connection is dropped. */
public final class HandshakeException extends Exception {
  public HandshakeException(String message) {
    super(message);
  }
}
