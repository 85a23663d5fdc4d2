package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.simulation.TestChain;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningGuardTest {
  @Test
  void signsOnlyAboveEverythingSignedBeforeARestart() {
    var key = TestChain.of(4).keys.get(1);
    Vote precommit =
        Vote.sign(TestChain.CHAIN_ID, VoteType.PRECOMMIT, 7, 2, Optional.empty(), 1, key);
    Vote someoneElses =
        Vote.sign(TestChain.CHAIN_ID, VoteType.PRECOMMIT, 9, 9, Optional.empty(), 0, key);
    SigningGuard guard = new SigningGuard();
    guard.load(1, List.of(precommit, someoneElses));
    assertThatThrownBy(() -> guard.checkVote(7, 2, VoteType.PRECOMMIT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> guard.checkVote(7, 2, VoteType.PREVOTE))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> guard.checkProposal(7, 1)).isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> guard.checkProposal(7, 3)).doesNotThrowAnyException();
    assertThatCode(() -> guard.checkVote(7, 3, VoteType.PREVOTE)).doesNotThrowAnyException();
    assertThatCode(() -> guard.checkVote(8, 0, VoteType.PREVOTE)).doesNotThrowAnyException();
  }
}
