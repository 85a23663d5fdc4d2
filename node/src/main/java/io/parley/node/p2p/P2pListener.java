package io.parley.node.p2p;

import org.apache.tuweni.bytes.Bytes;

/** Receives what authenticated peers send. Called on Netty I/O threads: must not block. */
public interface P2pListener {
  void onMessage(int peer, int type, Bytes payload);

  default void onConnected(int peer) {}

  default void onDisconnected(int peer) {}
}
