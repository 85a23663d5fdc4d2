package io.parley.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.types.Address;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.TimeoutKind;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** The height and round the node reports, read from the actions a protocol emits. */
class ConsensusPositionTest {
  private static final ConsensusPosition START = new ConsensusPosition(5, 0);

  private static ConsensusAction timer(long height, long round, TimeoutKind kind) {
    return new ConsensusAction.ScheduleTimeout(height, round, kind, 1_000);
  }

  @Test
  void roundTimersMoveToLaterRoundsAndNeverBack() {
    ConsensusPosition round2 = START.after(timer(5, 2, TimeoutKind.ROUND));
    assertThat(round2).isEqualTo(new ConsensusPosition(5, 2));
    assertThat(round2.after(timer(5, 3, TimeoutKind.PROPOSE)))
        .isEqualTo(new ConsensusPosition(5, 3));
    assertThat(round2.after(timer(5, 1, TimeoutKind.PRECOMMIT))).isSameAs(round2);
    assertThat(round2.after(timer(4, 7, TimeoutKind.PREVOTE))).isSameAs(round2);
  }

  @Test
  void blockSpacingAndSyncTimersAreNotRounds() {
    assertThat(START.after(timer(7, 0, TimeoutKind.BLOCK_PERIOD))).isSameAs(START);
    assertThat(START.after(timer(6, 0, TimeoutKind.BLOCK_INTERVAL))).isSameAs(START);
    assertThat(START.after(timer(5, 9, TimeoutKind.SYNC))).isSameAs(START);
  }

  @Test
  void aBuildRequestNamesItsRoundAndACommitStartsTheNextHeight() {
    ConsensusPosition building =
        START.after(new ConsensusAction.BuildBlock(5, 1, Bytes32.ZERO, true));
    assertThat(building).isEqualTo(new ConsensusPosition(5, 1));
    Block block = new Block(header(5), List.of());
    CommitCertificate certificate = new CommitCertificate(5, 1, Bytes32.ZERO, List.of());
    assertThat(building.after(new ConsensusAction.CommitBlock(block, certificate)))
        .isEqualTo(new ConsensusPosition(6, 0));
  }

  private static BlockHeader header(long height) {
    return new BlockHeader(
        height,
        Bytes32.ZERO,
        0,
        Address.ZERO,
        Bytes32.ZERO,
        Bytes32.ZERO,
        Bytes32.ZERO,
        0,
        Bytes.EMPTY);
  }
}
