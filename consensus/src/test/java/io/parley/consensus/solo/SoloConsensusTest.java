package io.parley.consensus.solo;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.BlockHeader;
import io.parley.base.types.Address;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.BuildBlock;
import io.parley.consensus.protocol.ConsensusAction.ScheduleTimeout;
import io.parley.consensus.protocol.ConsensusEvent.BlockCommitted;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.protocol.TimeoutKind;
import io.parley.consensus.simulation.TestChain;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class SoloConsensusTest {
  @Test
  void buildsWithEmptyConsensusDataAsBefore() {
    var chain = TestChain.of(1);
    var solo = new SoloConsensus(TestChain.CHAIN_ID, chain.keys.getFirst(), 10, 1_000);
    solo.handle(new Started(chain.genesis));
    List<ConsensusAction> out = solo.handle(new TransactionsAvailable());
    assertThat(out)
        .containsExactly(
            new BuildBlock(1, 0, chain.genesis.hash(), false),
            new ScheduleTimeout(2, 0, TimeoutKind.BLOCK_PERIOD, 10));
    assertThat(((BuildBlock) out.getFirst()).consensusData()).isEqualTo(Bytes.EMPTY);
  }

  @Test
  void theBlockPeriodRunsFromTheStartOfTheBuild() {
    var chain = TestChain.of(1);
    var solo = new SoloConsensus(TestChain.CHAIN_ID, chain.keys.getFirst(), 10, 1_000);
    solo.handle(new Started(chain.genesis));
    solo.handle(new TransactionsAvailable());
    // The period of block 2 expires while block 1 is still being built and committed.
    assertThat(solo.handle(new TimeoutExpired(2, 0, TimeoutKind.BLOCK_PERIOD))).isEmpty();
    solo.handle(new TransactionsAvailable());
    BlockHeader block1 =
        new BlockHeader(
            1,
            chain.genesis.hash(),
            1,
            Address.ZERO,
            Bytes32.ZERO,
            chain.genesis.stateRoot(),
            Bytes32.ZERO,
            0,
            Bytes.EMPTY);
    List<ConsensusAction> afterCommit = solo.handle(new BlockCommitted(block1));
    // Transactions are waiting and the period is over: the next build starts at once.
    assertThat(afterCommit).anyMatch(a -> a instanceof BuildBlock b && b.height() == 2);
  }
}
