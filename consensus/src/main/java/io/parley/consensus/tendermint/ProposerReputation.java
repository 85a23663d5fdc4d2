package io.parley.consensus.tendermint;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.ConsensusData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * proposer(h, r) from the committed chain, in the spirit of DiemBFT's leader reputation (Cohen,
 * Gelashvili, Kokoris-Kogias et al., "Be Aware of Your Leaders", FC 2022): a validator whose
 * precommit is missing from the parent certificates of the latest {@link #ABSENCE_LIMIT} blocks is
 * taken out of the rotation until a certificate holds its signature again, so a crashed validator
 * costs one missed turn, not one every n heights (docs/adr/0046-proposer-reputation.md).
 *
 * <p>The schedule for height h depends only on the headers of the committed blocks h-{@link
 * #HISTORY}..h-1, which every honest validator holds identically, so all of them agree on it.
 * Proposer choice affects liveness and fees, never safety. At most f validators are left out (those
 * absent longest; lower index first on ties), so at least n-f stay in the rotation and an honest
 * one proposes within f+1 rounds after GST.
 *
 * <p>proposer(h, r) = candidates[(h + r) mod m] with the m candidates in index order for r < m, and
 * the round robin (h + r) mod n over every validator for r >= m; with no validator left out this is
 * the round robin throughout. The later rounds give the validators left out a turn too: one of them
 * may be the only honest validator locked on a block whose polka nobody else saw (the polka's other
 * prevote came from a proposer that crashed while sending it), and only its own proposal, carrying
 * that polka, unlocks the height; without those turns the height would never end (ADR 0046, "Later
 * rounds").
 */
public final class ProposerReputation {
  /** Headers kept: the parent certificates they carry are the reputation's evidence. */
  public static final int HISTORY = 8;

  private final int validators;
  private final int maxFaulty;
  private final Deque<BlockHeader> recent = new ArrayDeque<>();
  private int[] candidates;

  public ProposerReputation(int validators, int maxFaulty) {
    if (validators < 1 || maxFaulty < 0 || maxFaulty >= validators) {
      throw new IllegalArgumentException("invalid validator count " + validators);
    }
    this.validators = validators;
    this.maxFaulty = maxFaulty;
    this.candidates = IntStream.range(0, validators).toArray();
  }

  /**
   * Certificates a validator must be missing from, in a row, to leave the rotation. A validator
   * that stops during height h0 is missing from the certificates of h0 + 1 on, which the headers of
   * h0 + 2 on carry: it is out from height h0 + 4, so of its turns only those in h0..h0 + 3 can be
   * missed (one, with n = 4). One absence alone is only a precommit that came late.
   */
  static final int ABSENCE_LIMIT = 2;

  /**
   * Starts from the committed headers {@code history}: consecutive, lowest first, ending at the
   * head, and holding the last {@link #HISTORY} of them (all of them for a shorter chain).
   */
  public void reset(List<BlockHeader> history) {
    recent.clear();
    BlockHeader previous = null;
    for (BlockHeader header : history) {
      if (previous != null
          && (header.height() != previous.height() + 1
              || !header.parentHash().equals(previous.hash()))) {
        throw new IllegalArgumentException("history is not a chain at height " + header.height());
      }
      previous = header;
      recent.addLast(header);
    }
    if (previous == null) {
      throw new IllegalArgumentException("history must hold at least the head");
    }
    long expected = Math.min(HISTORY, previous.height() + 1);
    if (recent.size() < expected) {
      throw new IllegalArgumentException(
          "history holds " + recent.size() + " headers, the proposer schedule needs " + expected);
    }
    while (recent.size() > HISTORY) {
      recent.removeFirst();
    }
    recompute();
  }

  /** The next block is committed: it becomes the head. */
  public void committed(BlockHeader header) {
    BlockHeader head = recent.getLast();
    if (header.height() != head.height() + 1 || !header.parentHash().equals(head.hash())) {
      throw new IllegalArgumentException(
          "block " + header.height() + " does not extend the head " + head.height());
    }
    recent.addLast(header);
    if (recent.size() > HISTORY) {
      recent.removeFirst();
    }
    recompute();
  }

  /** The proposer of round {@code round} at the next height; empty for any other height. */
  public OptionalInt proposer(long height, long round) {
    if (height != recent.getLast().height() + 1) {
      return OptionalInt.empty();
    }
    if (round < candidates.length) {
      return OptionalInt.of(
          candidates[(int) Math.floorMod(height + round, (long) candidates.length)]);
    }
    return OptionalInt.of((int) Math.floorMod(height + round, (long) validators));
  }

  /** The validators in the rotation for the next height, in index order. */
  public List<Integer> candidates() {
    return IntStream.of(candidates).boxed().toList();
  }

  private void recompute() {
    int[] absence = new int[validators];
    BitSet stillAbsent = new BitSet();
    stillAbsent.set(0, validators);
    var newestFirst = recent.descendingIterator();
    while (newestFirst.hasNext() && !stillAbsent.isEmpty()) {
      var parent = parentCertificate(newestFirst.next());
      if (parent == null) {
        break; // height 1 or genesis: no evidence further back
      }
      for (CommitCertificate.CommitVote vote : parent.votes()) {
        if (vote.validatorIndex() < validators) {
          stillAbsent.clear(vote.validatorIndex());
        }
      }
      stillAbsent.stream().forEach(v -> absence[v]++);
    }
    List<Integer> absent = new ArrayList<>();
    for (int v = 0; v < validators; v++) {
      if (absence[v] >= ABSENCE_LIMIT) {
        absent.add(v);
      }
    }
    absent.sort(Comparator.<Integer>comparingInt(v -> -absence[v]).thenComparingInt(v -> v));
    BitSet out = new BitSet();
    absent.stream().limit(maxFaulty).forEach(out::set);
    candidates = IntStream.range(0, validators).filter(v -> !out.get(v)).toArray();
  }

  private static CommitCertificate parentCertificate(BlockHeader header) {
    if (header.height() <= 1) {
      return null;
    }
    return ConsensusData.of(header).parentCertificate().orElse(null);
  }
}
