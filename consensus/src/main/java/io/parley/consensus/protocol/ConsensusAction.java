package io.parley.consensus.protocol;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Outputs of a {@link ConsensusProtocol}, performed by the host in order. Persist actions must be
 * durable (fsync) before the host performs any later action of the same list, in particular before
 * any send: a validator that crashes must find on restart every vote it may have sent.
 */
public sealed interface ConsensusAction {

  /** Deliver {@link ConsensusEvent.TimeoutExpired} after {@code delayMillis}. */
  record ScheduleTimeout(long height, long round, TimeoutKind kind, long delayMillis)
      implements ConsensusAction {}

  /**
   * Build a block on {@code parentHash} from the mempool (the host picks transactions, timestamp
   * and executes it) and answer with {@link ConsensusEvent.BlockBuilt}. The header's {@code
   * consensusData} must be exactly {@code consensusData} and its proposer this validator's address.
   * With {@code allowEmpty} false the host may still answer with an empty block when the mempool
   * turned out empty; the protocol then waits.
   */
  record BuildBlock(
      long height, long round, Bytes32 parentHash, boolean allowEmpty, Bytes consensusData)
      implements ConsensusAction {
    public BuildBlock {
      Objects.requireNonNull(consensusData, "consensusData");
    }

    /** A build request with empty consensus data (the solo protocol). */
    public BuildBlock(long height, long round, Bytes32 parentHash, boolean allowEmpty) {
      this(height, round, parentHash, allowEmpty, Bytes.EMPTY);
    }
  }

  /** Re-execute a proposed block and answer with {@link ConsensusEvent.BlockValidated}. */
  record ValidateBlock(Block block) implements ConsensusAction {}

  /**
   * Commit {@code block} with its certificate in one durable write, then answer with {@link
   * ConsensusEvent.BlockCommitted}. The block may be one this node never validated (decided from a
   * certificate or fetched by block sync): execute it then. A block whose execution does not match
   * its header was nevertheless signed by a quorum: the host must stop, not skip it.
   */
  record CommitBlock(Block block, CommitCertificate certificate) implements ConsensusAction {}

  /**
   * Send {@code message} to every other validator (not to this one). Best effort: the protocol
   * re-sends what matters on its ROUND timer, so a send may be dropped when a peer is unreachable
   * or its queue is full. Encode with {@code MessageCodec.encode}.
   */
  record Broadcast(ConsensusMessage message) implements ConsensusAction {}

  /**
   * Send {@code message} to validator {@code validatorIndex} only; best effort as {@link
   * Broadcast}.
   */
  record SendTo(int validatorIndex, ConsensusMessage message) implements ConsensusAction {}

  /**
   * Durably store {@code vote} (fsync) before performing any later action, and return it in {@link
   * ConsensusEvent.Started#persistedMessages()} after a restart until its height is committed. It
   * is this validator's own vote, or, just before this validator locks on a block, one of the
   * prevotes that justify the lock. Store it as {@code MessageCodec} bytes.
   */
  record PersistVote(Vote vote) implements ConsensusAction {}

  /**
   * As {@link PersistVote}, for a proposal (which holds the block): this validator's own, or the
   * one it is about to lock on.
   */
  record PersistProposal(Proposal proposal) implements ConsensusAction {}

  /**
   * Block sync: ask validator {@code validatorIndex} for the committed blocks {@code
   * fromHeight..toHeight} with their certificates (send a {@code BlockRequest}), and pass the
   * answer's blocks as {@link ConsensusEvent.BlocksReceived}. No answer needs no event: the
   * protocol asks again, possibly another peer, on its SYNC timer.
   */
  record RequestBlocks(int validatorIndex, long fromHeight, long toHeight)
      implements ConsensusAction {}
}
