package io.parley.node.p2p;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Validator network settings.
 *
 * @param listen address to accept peers on
 * @param self this validator's index in the genesis validator list
 * @param key this validator's key (proves the index in the handshake)
 * @param validators the genesis validator set: the only peers accepted
 * @param peers where to reach the validators this node dials (lower indexes dial none; a node dials
 *     every peer with a lower index and accepts the others)
 * @param genesisHash peers on another chain are refused in the handshake
 * @param maxFrameBytes largest frame accepted; a larger one drops the peer
 * @param maxQueuedFrames frames waiting to be written to one peer before new ones are dropped
 * @param handshakeTimeoutMillis time allowed for a handshake
 * @param minBackoffMillis first reconnect delay (doubles up to {@code maxBackoffMillis})
 * @param maxBackoffMillis longest reconnect delay
 */
public record P2pConfig(
    InetSocketAddress listen,
    int self,
    KeyPair key,
    ValidatorSet validators,
    Map<Integer, InetSocketAddress> peers,
    Bytes32 genesisHash,
    int maxFrameBytes,
    int maxQueuedFrames,
    long handshakeTimeoutMillis,
    long minBackoffMillis,
    long maxBackoffMillis) {

  public static final int DEFAULT_MAX_FRAME = 16 << 20;

  public P2pConfig {
    peers = Map.copyOf(peers);
    if (self < 0
        || self >= validators.size()
        || !validators.get(self).address().equals(key.address())) {
      throw new IllegalArgumentException(
          "the p2p key is not validator " + self + " of the genesis");
    }
    if (maxFrameBytes < 1024
        || maxQueuedFrames < 1
        || handshakeTimeoutMillis < 1
        || minBackoffMillis < 1
        || maxBackoffMillis < minBackoffMillis) {
      throw new IllegalArgumentException("p2p limits must be positive");
    }
  }
}
