package io.parley.consensus.simulation;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.BlockResponse;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.tendermint.ProposerReputation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's disk: what survives a crash (committed blocks, its persisted messages and its
 * signing-state record), unless the crash damages the database.
 */
final class SimStorage {
  private final BlockHeader genesis;
  private final List<CertifiedBlock> chain = new ArrayList<>();
  private final List<ConsensusMessage> persisted = new ArrayList<>();
  private Optional<LastSigned> lastSigned = Optional.empty();

  SimStorage(BlockHeader genesis) {
    this.genesis = genesis;
  }

  BlockHeader head() {
    return chain.isEmpty() ? genesis : chain.getLast().block().header();
  }

  /** The committed headers the proposer schedule reads, ending at the head. */
  List<BlockHeader> history() {
    List<BlockHeader> out = new ArrayList<>();
    long from = Math.max(0, height() - ProposerReputation.HISTORY + 1);
    for (long h = from; h <= height(); h++) {
      out.add(h == 0 ? genesis : chain.get((int) h - 1).block().header());
    }
    return out;
  }

  long height() {
    return chain.size();
  }

  Optional<CommitCertificate> headCertificate() {
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.getLast().certificate());
  }

  void commit(CertifiedBlock block) {
    if (block.height() != chain.size() + 1) {
      throw new IllegalStateException(
          "commit of block " + block.height() + " on a chain of " + chain.size());
    }
    chain.add(block);
    persisted.removeIf(m -> m.height() <= block.height());
  }

  void persist(ConsensusMessage message) {
    persisted.add(message);
  }

  /** Records {@code own}, a message this validator signed, in the signing-state record. */
  void recordSigned(ConsensusMessage own) {
    lastSigned = Optional.of(LastSigned.after(lastSigned, own, TestChain.CHAIN_ID));
  }

  Optional<LastSigned> lastSigned() {
    return lastSigned;
  }

  /**
   * A damaged write-ahead log: the persisted messages and the latest {@code blocks} blocks are
   * gone; with {@code record}, the signing-state record too.
   */
  void loseRecentWrites(int blocks, boolean record) {
    System.err.println("LOSE " + blocks + " of " + chain.size());
    persisted.clear();
    for (int i = 0; i < blocks && !chain.isEmpty(); i++) {
      chain.removeLast();
    }
    if (record) {
      lastSigned = Optional.empty();
    }
  }

  List<ConsensusMessage> persistedAbove(long height) {
    return persisted.stream().filter(m -> m.height() > height).toList();
  }

  Optional<CertifiedBlock> at(long height) {
    return height >= 1 && height <= chain.size()
        ? Optional.of(chain.get((int) height - 1))
        : Optional.empty();
  }

  List<CertifiedBlock> range(long from, long to) {
    List<CertifiedBlock> out = new ArrayList<>();
    for (long h = from;
        h <= to && h <= chain.size() && out.size() < BlockResponse.MAX_BLOCKS;
        h++) {
      out.add(chain.get((int) h - 1));
    }
    return out;
  }
}
