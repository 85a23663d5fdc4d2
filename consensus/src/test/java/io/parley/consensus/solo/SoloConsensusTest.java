package io.parley.consensus.solo;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.BuildBlock;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.simulation.TestChain;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

class SoloConsensusTest {
  @Test
  void buildsWithEmptyConsensusDataAsBefore() {
    var chain = TestChain.of(1);
    var solo = new SoloConsensus(TestChain.CHAIN_ID, chain.keys.getFirst(), 10, 1_000);
    solo.handle(new Started(chain.genesis));
    List<ConsensusAction> out = solo.handle(new TransactionsAvailable());
    assertThat(out).containsExactly(new BuildBlock(1, 0, chain.genesis.hash(), false));
    assertThat(((BuildBlock) out.getFirst()).consensusData()).isEqualTo(Bytes.EMPTY);
  }
}
