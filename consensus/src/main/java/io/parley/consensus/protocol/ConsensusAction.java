package io.parley.consensus.protocol;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import org.apache.tuweni.bytes.Bytes32;

/** Outputs of a {@link ConsensusProtocol}, performed by the host in order. */
public sealed interface ConsensusAction {

  /** Deliver {@link ConsensusEvent.TimeoutExpired} after {@code delayMillis}. */
  record ScheduleTimeout(long height, long round, TimeoutKind kind, long delayMillis)
      implements ConsensusAction {}

  /**
   * Build a block on {@code parentHash} from the mempool (the host picks transactions, timestamp
   * and executes it) and answer with {@link ConsensusEvent.BlockBuilt}.
   */
  record BuildBlock(long height, long round, Bytes32 parentHash, boolean allowEmpty)
      implements ConsensusAction {}

  /** Re-execute a proposed block and answer with {@link ConsensusEvent.BlockValidated}. */
  record ValidateBlock(Block block) implements ConsensusAction {}

  /**
   * Commit {@code block} with its certificate in one durable write, then answer with {@link
   * ConsensusEvent.BlockCommitted}.
   */
  record CommitBlock(Block block, CommitCertificate certificate) implements ConsensusAction {}
}
