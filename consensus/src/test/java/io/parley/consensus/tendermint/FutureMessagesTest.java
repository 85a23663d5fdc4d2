package io.parley.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.simulation.TestChain;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FutureMessagesTest {
  private static final TestChain CHAIN = TestChain.of(4);

  private static Vote vote(int signer, long height, long round) {
    return Vote.sign(
        TestChain.CHAIN_ID,
        VoteType.PREVOTE,
        height,
        round,
        Optional.empty(),
        signer,
        CHAIN.keys.get(signer));
  }

  @Test
  void boundsEachSignerSeparatelyAndDropsItsOldestFirst() {
    FutureMessages buffer = new FutureMessages(3);
    for (long round = 0; round < 10; round++) {
      buffer.add(0, 0, vote(0, 5, round)); // a flooding validator
    }
    buffer.add(1, 1, vote(1, 5, 0));
    assertThat(buffer.size()).isEqualTo(4);
    var ready = buffer.drain(m -> m.height() == 5, m -> false);
    assertThat(ready)
        .extracting(e -> e.message().round())
        .containsExactlyInAnyOrder(7L, 8L, 9L, 0L);
    assertThat(buffer.size()).isZero();
  }

  @Test
  void ignoresDuplicatesAndDropsStaleEntries() {
    FutureMessages buffer = new FutureMessages(8);
    buffer.add(2, 2, vote(2, 5, 0));
    buffer.add(2, 3, vote(2, 5, 0));
    buffer.add(2, 2, vote(2, 4, 0));
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.drain(m -> false, m -> m.height() < 5)).isEmpty();
    assertThat(buffer.size()).isEqualTo(1);
  }
}
