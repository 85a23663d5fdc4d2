package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import io.parley.consensus.messages.SigningHashes;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.simulation.TestChain;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class SigningGuardTest {
  private static final Bytes32 ANY = Bytes32.ZERO;
  private static final KeyPair KEY = TestChain.of(4).keys.get(1);

  @Test
  void signsOnlyAboveEverythingSignedBeforeARestart() {
    Vote precommit =
        Vote.sign(TestChain.CHAIN_ID, VoteType.PRECOMMIT, 7, 2, Optional.empty(), 1, KEY);
    Vote someoneElses =
        Vote.sign(TestChain.CHAIN_ID, VoteType.PRECOMMIT, 9, 9, Optional.empty(), 0, KEY);
    SigningGuard guard = new SigningGuard();
    guard.load(1, List.of(precommit, someoneElses), List.of());
    assertThatThrownBy(() -> guard.checkVote(7, 2, VoteType.PRECOMMIT, ANY))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> guard.checkVote(7, 2, VoteType.PREVOTE, ANY))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> guard.checkProposal(7, 1, ANY))
        .isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> guard.checkProposal(7, 3, ANY)).doesNotThrowAnyException();
    assertThatCode(() -> guard.checkVote(7, 3, VoteType.PREVOTE, ANY)).doesNotThrowAnyException();
    assertThatCode(() -> guard.checkVote(8, 0, VoteType.PREVOTE, ANY)).doesNotThrowAnyException();
  }

  @Test
  void refusesEverythingAtOrBelowTheRecordButTheIdenticalMessage() {
    Vote prevote = prevote(40, 3, Optional.of(Bytes32.repeat((byte) 7)));
    LastSigned record = LastSigned.after(Optional.empty(), prevote, TestChain.CHAIN_ID);
    SigningGuard guard = new SigningGuard();
    guard.load(1, List.of(), List.of(record));

    // A database that lost blocks: the validator is back at height 12, far below its record.
    assertThat(guard.mayPropose(12, 0)).isFalse();
    assertThat(guard.checkVote(12, 0, VoteType.PREVOTE, hash(12, 0, Optional.empty()))).isFalse();
    assertThat(guard.checkProposal(40, 2, ANY)).isFalse();
    assertThat(guard.mayPropose(40, 3)).isFalse();
    // Same (height, round, step), another block or nil: a double signature, refused.
    assertThat(guard.checkVote(40, 3, VoteType.PREVOTE, hash(40, 3, Optional.empty()))).isFalse();
    // The identical prevote again: a re-broadcast, allowed.
    assertThat(guard.checkVote(40, 3, VoteType.PREVOTE, prevote.signingHash(TestChain.CHAIN_ID)))
        .isTrue();
    // Above the record everything goes, in order.
    assertThat(guard.checkVote(40, 3, VoteType.PRECOMMIT, ANY)).isTrue();
    assertThat(guard.mayPropose(40, 4)).isTrue();
    assertThat(guard.checkProposal(40, 4, ANY)).isTrue();
    assertThat(guard.checkVote(41, 0, VoteType.PREVOTE, ANY)).isTrue();
  }

  @Test
  void recordKeepsTheLastVoteAndTheLock() {
    Bytes32 block = Bytes32.repeat((byte) 3);
    Vote lock = Vote.sign(TestChain.CHAIN_ID, VoteType.PRECOMMIT, 5, 1, Optional.of(block), 1, KEY);
    Vote later = prevote(5, 2, Optional.of(block));
    Optional<LastSigned> record = Optional.empty();
    for (Vote vote : List.of(prevote(5, 0, Optional.empty()), lock, later)) {
      record = Optional.of(LastSigned.after(record, vote, TestChain.CHAIN_ID));
    }
    assertThat(record.get().votes()).containsExactly(later, lock);
    assertThat(record.get().step()).isEqualTo(LastSigned.SigningStep.PREVOTE);

    LastSigned nextHeight =
        LastSigned.after(record, prevote(6, 0, Optional.empty()), TestChain.CHAIN_ID);
    assertThat(nextHeight.votes()).hasSize(1);
    Optional<LastSigned> finalRecord = record;
    assertThatThrownBy(
            () ->
                LastSigned.after(finalRecord, prevote(5, 2, Optional.empty()), TestChain.CHAIN_ID))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("height 5 round 2");
  }

  private static Vote prevote(long height, long round, Optional<Bytes32> block) {
    return Vote.sign(TestChain.CHAIN_ID, VoteType.PREVOTE, height, round, block, 1, KEY);
  }

  private static Bytes32 hash(long height, long round, Optional<Bytes32> block) {
    return SigningHashes.vote(VoteType.PREVOTE, TestChain.CHAIN_ID, height, round, block);
  }
}
