package io.parley.consensus.protocol;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/** Inputs to a {@link ConsensusProtocol}. */
public sealed interface ConsensusEvent {

  /**
   * The host started (or restarted) with {@code head} as the last committed block. Must be the
   * first event.
   *
   * @param headCertificate the commit certificate stored with {@code head} (empty only for
   *     genesis); the next proposer puts it in its block's consensus data
   * @param persistedMessages every message persisted through {@link ConsensusAction.PersistVote} or
   *     {@link ConsensusAction.PersistProposal} for a height above {@code head}, in any order
   *     (those at or below {@code head} may be deleted). The protocol resumes from them: its own
   *     votes and proposals, which it never contradicts, and the proposal and prevotes of the block
   *     it locked on, which it needs to propose that block again.
   * @param lastSigned the host's signing-state record, kept apart from the database: the protocol
   *     signs nothing at or below it (but the identical message), even when {@code head} and {@code
   *     persistedMessages} lag behind it because the database lost its latest writes, and resumes
   *     from its votes when they are at the next height
   * @param history the committed headers ending at {@code head}, lowest first: the last {@code
   *     ProposerReputation.HISTORY} of them (all for a shorter chain), from which the protocol
   *     derives who proposes next
   */
  record Started(
      BlockHeader head,
      Optional<CommitCertificate> headCertificate,
      List<ConsensusMessage> persistedMessages,
      Optional<LastSigned> lastSigned,
      List<BlockHeader> history)
      implements ConsensusEvent {
    public Started {
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(headCertificate, "headCertificate");
      Objects.requireNonNull(lastSigned, "lastSigned");
      persistedMessages = List.copyOf(persistedMessages);
      history = List.copyOf(history);
      if (history.isEmpty() || !history.getLast().equals(head)) {
        throw new IllegalArgumentException("history must end at the head");
      }
    }

    /** A start whose history is the head alone (genesis, or a protocol that needs none). */
    public Started(
        BlockHeader head,
        Optional<CommitCertificate> headCertificate,
        List<ConsensusMessage> persistedMessages,
        Optional<LastSigned> lastSigned) {
      this(head, headCertificate, persistedMessages, lastSigned, List.of(head));
    }

    /** A start without a signing-state record (a first start, or a host that keeps none). */
    public Started(
        BlockHeader head,
        Optional<CommitCertificate> headCertificate,
        List<ConsensusMessage> persistedMessages) {
      this(head, headCertificate, persistedMessages, Optional.empty());
    }

    /** A start with nothing signed since {@code head} and no certificate (genesis, solo). */
    public Started(BlockHeader head) {
      this(head, Optional.empty(), List.of());
    }
  }

  /** A timeout scheduled by {@link ConsensusAction.ScheduleTimeout} expired. */
  record TimeoutExpired(long height, long round, TimeoutKind kind) implements ConsensusEvent {}

  /** The block requested by {@link ConsensusAction.BuildBlock} is ready (built and executed). */
  record BlockBuilt(long height, long round, Block block) implements ConsensusEvent {}

  /** The outcome of {@link ConsensusAction.ValidateBlock}: the block executes to its header. */
  record BlockValidated(Bytes32 blockHash, boolean valid, String reason)
      implements ConsensusEvent {}

  /** The host committed the block of {@link ConsensusAction.CommitBlock} durably. */
  record BlockCommitted(BlockHeader header) implements ConsensusEvent {}

  /** The mempool went from empty to non-empty. Sending it more often is harmless. */
  record TransactionsAvailable() implements ConsensusEvent {}

  /**
   * A consensus message arrived from the peer authenticated as validator {@code fromValidatorIndex}
   * (the transport's view; the message's own signature is checked by the protocol). The host
   * decodes the bytes with {@code MessageCodec} and drops what does not decode; it hands over
   * everything else, including duplicates and messages for other heights.
   */
  record MessageReceived(int fromValidatorIndex, ConsensusMessage message)
      implements ConsensusEvent {
    public MessageReceived {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The answer to {@link ConsensusAction.RequestBlocks}: the blocks of a {@code BlockResponse} from
   * validator {@code fromValidatorIndex}, lowest first, possibly fewer than asked or none. The
   * protocol verifies each against the chain and its certificate before asking to commit it.
   */
  record BlocksReceived(int fromValidatorIndex, List<CertifiedBlock> blocks)
      implements ConsensusEvent {
    public BlocksReceived {
      blocks = List.copyOf(blocks);
    }
  }
}
