package io.parley.consensus.tendermint;

import io.parley.consensus.messages.BlockResponse;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.protocol.ConsensusAction.RequestBlocks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Catch-up bookkeeping: the highest height known to be committed (proved by a certificate, or by
 * messages of f+1 validators at a later height, one of which must be honest), the peers known to be
 * ahead, the one outstanding block request and the blocks received but not yet committed. It
 * decides whom to ask; verifying and committing is the state machine's.
 */
final class BlockSync {
  private final int self;
  private final int maxFaulty;
  private final long[] highestHeightBySigner;
  private final TreeSet<Integer> peersAhead = new TreeSet<>();
  private final ArrayDeque<CertifiedBlock> pending = new ArrayDeque<>();
  private long knownCommitted;
  private boolean inFlight;
  private int attempt;

  BlockSync(int self, int validatorCount, int maxFaulty) {
    this.self = self;
    this.maxFaulty = maxFaulty;
    this.highestHeightBySigner = new long[validatorCount];
  }

  /** {@code peer} proved (by a certificate) that {@code height} is committed. */
  void learnCommitted(long height, int peer) {
    knownCommitted = Math.max(knownCommitted, height);
    if (peer != self) {
      peersAhead.add(peer);
    }
  }

  /** A validated message of {@code signer} at {@code height} arrived from peer {@code from}. */
  void noteHeight(int signer, int from, long height) {
    highestHeightBySigner[signer] = Math.max(highestHeightBySigner[signer], height);
    long[] sorted = highestHeightBySigner.clone();
    Arrays.sort(sorted);
    long reachedByFPlusOne = sorted[sorted.length - 1 - maxFaulty];
    if (reachedByFPlusOne - 1 > knownCommitted) {
      knownCommitted = reachedByFPlusOne - 1;
    }
    if (height - 1 > 0 && from != self) {
      peersAhead.add(from);
    }
  }

  long knownCommitted() {
    return knownCommitted;
  }

  /** The next request to send for {@code nextHeight}, if one is due. */
  Optional<RequestBlocks> nextRequest(long nextHeight) {
    if (inFlight || knownCommitted < nextHeight || peersAhead.isEmpty()) {
      return Optional.empty();
    }
    if (pending.stream().anyMatch(b -> b.height() == nextHeight)) {
      return Optional.empty();
    }
    List<Integer> peers = new ArrayList<>(peersAhead);
    int peer = peers.get(Math.floorMod(attempt, peers.size()));
    inFlight = true;
    long to = Math.min(knownCommitted, nextHeight + BlockResponse.MAX_BLOCKS - 1);
    return Optional.of(new RequestBlocks(peer, nextHeight, to));
  }

  int attempt() {
    return attempt;
  }

  /** The request of attempt {@code timedOutAttempt} got no answer in time. */
  void onTimeout(int timedOutAttempt) {
    if (inFlight && timedOutAttempt == attempt) {
      inFlight = false;
      attempt++;
    }
  }

  void onResponse(List<CertifiedBlock> blocks, long nextHeight) {
    inFlight = false;
    pending.clear();
    for (CertifiedBlock block : blocks) {
      if (block.height() >= nextHeight) {
        pending.addLast(block);
      }
    }
    if (pending.isEmpty()) {
      attempt++;
    }
  }

  /** The received block at {@code height}, dropping any received block below it. */
  Optional<CertifiedBlock> pendingAt(long height) {
    while (!pending.isEmpty() && pending.peekFirst().height() < height) {
      pending.removeFirst();
    }
    CertifiedBlock first = pending.peekFirst();
    return first != null && first.height() == height ? Optional.of(first) : Optional.empty();
  }

  /** The peer's blocks did not verify: forget them and ask someone else next. */
  void rejectPending() {
    pending.clear();
    attempt++;
  }
}
