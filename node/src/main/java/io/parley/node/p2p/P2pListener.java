package io.parley.node.p2p;

import org.apache.tuweni.bytes.Bytes;

/**
 * Receives what authenticated validators send. Called on a Netty I/O thread: implementations must
 * not block (hand the payload to the node's event queue and return).
 */
public interface P2pListener {
  /** A frame from validator {@code validatorIndex}, decrypted and authenticated, not yet parsed. */
  void onMessage(int validatorIndex, Bytes payload);

  /** A session with {@code validatorIndex} was established. */
  default void onConnected(int validatorIndex) {}

  /** The session with {@code validatorIndex} ended. */
  default void onDisconnected(int validatorIndex) {}
}
