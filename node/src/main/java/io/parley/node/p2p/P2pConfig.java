package io.parley.node.p2p;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings of the validator network.
 *
 * @param peers where to reach validators by index; this node dials only those with a higher index
 *     than its own (so each pair has exactly one connection) and accepts the others
 * @param maxFrameBytes largest frame accepted after the handshake; a bigger one drops the peer
 * @param maxPendingBytesPerPeer outgoing bytes queued for one peer before further sends to it are
 *     dropped (the consensus core re-sends what matters)
 */
public record P2pConfig(
    long chainId,
    ValidatorSet validators,
    KeyPair identity,
    InetSocketAddress listen,
    Map<Integer, InetSocketAddress> peers,
    int maxFrameBytes,
    int maxPendingBytesPerPeer,
    Duration handshakeTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration banDuration) {

  public P2pConfig {
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(listen, "listen");
    peers = new TreeMap<>(peers);
    if (validators.indexOf(identity.address()).isEmpty()) {
      throw new IllegalArgumentException("our key is not in the validator set");
    }
    if (maxFrameBytes < 1024 || maxPendingBytesPerPeer < maxFrameBytes) {
      throw new IllegalArgumentException(
          "need maxFrameBytes >= 1 KiB and a queue of at least one frame");
    }
  }

  /** 16 MiB frames, 64 MiB queued per peer, 5 s handshakes, reconnect 100 ms to 5 s, 30 s bans. */
  public static P2pConfig of(
      long chainId,
      ValidatorSet validators,
      KeyPair identity,
      InetSocketAddress listen,
      Map<Integer, InetSocketAddress> peers) {
    return new P2pConfig(
        chainId,
        validators,
        identity,
        listen,
        peers,
        16 << 20,
        64 << 20,
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  public int selfIndex() {
    return validators.indexOf(identity.address()).orElseThrow();
  }
}
