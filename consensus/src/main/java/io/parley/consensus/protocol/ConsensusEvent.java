package io.parley.consensus.protocol;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import org.apache.tuweni.bytes.Bytes32;

/** Inputs to a {@link ConsensusProtocol}. */
public sealed interface ConsensusEvent {

  /** The host started (or restarted) with {@code head} as the last committed block. */
  record Started(BlockHeader head) implements ConsensusEvent {}

  /** A timeout scheduled by {@link ConsensusAction.ScheduleTimeout} expired. */
  record TimeoutExpired(long height, long round, TimeoutKind kind) implements ConsensusEvent {}

  /** The block requested by {@link ConsensusAction.BuildBlock} is ready (built and executed). */
  record BlockBuilt(long height, long round, Block block) implements ConsensusEvent {}

  /** The outcome of {@link ConsensusAction.ValidateBlock}: the block executes to its header. */
  record BlockValidated(Bytes32 blockHash, boolean valid, String reason)
      implements ConsensusEvent {}

  /** The host committed the block of {@link ConsensusAction.CommitBlock} durably. */
  record BlockCommitted(BlockHeader header) implements ConsensusEvent {}

  /** The mempool went from empty to non-empty. */
  record TransactionsAvailable() implements ConsensusEvent {}
}
