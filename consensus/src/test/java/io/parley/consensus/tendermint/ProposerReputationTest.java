package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.crypto.Signature;
import io.parley.base.types.Address;
import io.parley.consensus.messages.ConsensusData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The proposer schedule read from the parent certificates of the latest committed headers (the
 * reputation ignores signatures: the headers it reads are committed, so already verified).
 */
class ProposerReputationTest {
  private static final Signature SIGNATURE = new Signature(Bytes32.ZERO, Bytes32.ZERO, 0);

  @Test
  void withEveryoneSigningItIsTheRoundRobin() {
    ProposerReputation reputation = new ProposerReputation(4, 1);
    List<BlockHeader> chain = chain(12, h -> all(4));
    reputation.reset(chain.subList(chain.size() - ProposerReputation.HISTORY, chain.size()));
    long next = chain.getLast().height() + 1;
    for (long round = 0; round < 8; round++) {
      assertThat(reputation.proposer(next, round)).hasValue((int) ((next + round) % 4));
    }
  }

  @Test
  void aValidatorMissingFromTwoCertificatesInARowLeavesTheRotationOfFour() {
    // Validator 2 stops signing from height 9 on: its absence shows in the headers of 10 and 11.
    List<BlockHeader> chain = chain(11, h -> h >= 9 ? signers(0, 1, 3) : all(4));
    ProposerReputation reputation = start(chain, 4, 1);
    assertThat(reputation.candidates()).containsExactly(0, 1, 3);
    for (long round = 0; round < 3; round++) {
      assertThat(reputation.proposer(12, round).getAsInt()).isNotEqualTo(2);
    }
    // One absence alone is a late precommit, not a crash.
    assertThat(start(chain(10, h -> h >= 9 ? signers(0, 1, 3) : all(4)), 4, 1).candidates())
        .containsExactly(0, 1, 2, 3);
  }

  /** The example of docs/spec/consensus-messages.md, "The round's proposer". */
  @Test
  void theSpecExample() {
    ProposerReputation reputation =
        start(chain(103, h -> h >= 101 ? signers(0, 1, 3) : all(4)), 4, 1);
    assertThat(reputation.candidates()).containsExactly(0, 1, 3);
    assertThat(reputation.proposer(104, 0)).hasValue(3);
    assertThat(reputation.proposer(104, 1)).hasValue(0);
    assertThat(reputation.proposer(104, 2)).hasValue(1);
    int[] roundRobin = {3, 0, 1, 2};
    for (int round = 3; round < 7; round++) {
      assertThat(reputation.proposer(104, round)).hasValue(roundRobin[round - 3]);
    }
  }

  /**
   * From round m on the schedule is the round robin over all n, so a validator left out of the
   * rotation proposes within rounds m..m+n-1 (ADR 0046, "Later rounds"): here two of seven are out.
   */
  @Test
  void everyValidatorProposesAgainFromRoundM() {
    ProposerReputation reputation =
        start(chain(20, h -> h >= 15 ? signers(0, 1, 3, 4, 6) : all(7)), 7, 2);
    assertThat(reputation.candidates()).containsExactly(0, 1, 3, 4, 6);
    Set<Integer> early = new HashSet<>();
    for (long round = 0; round < 5; round++) {
      early.add(reputation.proposer(21, round).getAsInt());
    }
    assertThat(early).containsExactlyInAnyOrder(0, 1, 3, 4, 6);
    Set<Integer> later = new HashSet<>();
    for (long round = 5; round < 12; round++) {
      assertThat(reputation.proposer(21, round)).hasValue((int) ((21 + round) % 7));
      later.add(reputation.proposer(21, round).getAsInt());
    }
    assertThat(later).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void aValidatorThatSignsAgainIsBackAtTheNextHeight() {
    List<BlockHeader> chain = chain(11, h -> h >= 5 ? signers(0, 1, 3) : all(4));
    ProposerReputation reputation = start(chain, 4, 1);
    assertThat(reputation.candidates()).containsExactly(0, 1, 3);
    reputation.committed(next(chain.getLast(), all(4)));
    assertThat(reputation.candidates()).containsExactly(0, 1, 2, 3);
    assertThat(reputation.proposer(13, 0)).hasValue(13 % 4);
  }

  @Test
  void atMostFValidatorsLeaveTheRotationTheLongestAbsentFirst() {
    // Of 4 (f = 1), validators 2 and 3 are both absent: 3 for longer, so 3 alone leaves.
    List<BlockHeader> chain =
        chain(11, h -> h >= 9 ? signers(0, 1) : h >= 6 ? signers(0, 1, 2) : all(4));
    assertThat(start(chain, 4, 1).candidates()).containsExactly(0, 1, 2);
    // Of 7 (f = 2, four absences needed): 5 and 6 leave, 4 (absent for three) stays.
    List<BlockHeader> seven =
        chain(
            12,
            h ->
                h >= 8
                    ? signers(0, 1, 2, 3)
                    : h >= 6
                        ? signers(0, 1, 2, 3, 4)
                        : h >= 5 ? signers(0, 1, 2, 3, 4, 6) : all(7));
    assertThat(start(seven, 7, 2).candidates()).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void onlyTheNextHeightHasAProposerAndTheHistoryMustBeComplete() {
    List<BlockHeader> chain = chain(11, h -> all(4));
    ProposerReputation reputation = start(chain, 4, 1);
    assertThat(reputation.proposer(13, 0)).isEqualTo(OptionalInt.empty());
    assertThat(reputation.proposer(11, 0)).isEqualTo(OptionalInt.empty());
    assertThatThrownBy(() -> reputation.reset(chain.subList(8, 12)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 8");
    assertThatThrownBy(() -> reputation.committed(chain.get(5)))
        .isInstanceOf(IllegalArgumentException.class);
    List<BlockHeader> gap = new ArrayList<>(chain.subList(3, 12));
    gap.remove(4);
    assertThatThrownBy(() -> reputation.reset(gap)).hasMessageContaining("not a chain");
  }

  @Test
  void aShortChainNeedsAllOfItsHeaders() {
    List<BlockHeader> chain = chain(3, h -> all(4));
    ProposerReputation reputation = start(chain, 4, 1);
    assertThat(reputation.proposer(4, 0)).hasValue(0);
  }

  private static ProposerReputation start(List<BlockHeader> chain, int n, int f) {
    ProposerReputation reputation = new ProposerReputation(n, f);
    int from = Math.max(0, chain.size() - ProposerReputation.HISTORY);
    reputation.reset(chain.subList(from, chain.size()));
    return reputation;
  }

  /** Genesis and blocks 1..head, where the header of block h + 1 certifies h with signers(h). */
  private static List<BlockHeader> chain(
      long head, java.util.function.LongFunction<int[]> signers) {
    List<BlockHeader> out = new ArrayList<>();
    out.add(header(0, Bytes32.ZERO, Bytes.EMPTY));
    for (long h = 1; h <= head; h++) {
      out.add(next(out.getLast(), h == 1 ? null : signers.apply(h - 1)));
    }
    return out;
  }

  private static BlockHeader next(BlockHeader parent, int[] parentSigners) {
    Optional<CommitCertificate> certificate =
        parentSigners == null
            ? Optional.empty()
            : Optional.of(
                new CommitCertificate(
                    parent.height(),
                    0,
                    parent.hash(),
                    IntStream.of(parentSigners)
                        .mapToObj(i -> new CommitCertificate.CommitVote(i, SIGNATURE))
                        .toList()));
    return header(parent.height() + 1, parent.hash(), new ConsensusData(0, certificate).encode());
  }

  private static BlockHeader header(long height, Bytes32 parent, Bytes consensusData) {
    return new BlockHeader(
        height,
        parent,
        height * 100,
        Address.ZERO,
        Bytes32.ZERO,
        Bytes32.ZERO,
        Bytes32.ZERO,
        0,
        consensusData);
  }

  private static int[] all(int n) {
    return IntStream.range(0, n).toArray();
  }

  private static int[] signers(int... indexes) {
    return indexes;
  }
}
