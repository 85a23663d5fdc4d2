package io.parley.consensus.solo;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.BuildBlock;
import io.parley.consensus.protocol.ConsensusAction.CommitBlock;
import io.parley.consensus.protocol.ConsensusAction.ScheduleTimeout;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.consensus.protocol.ConsensusEvent.BlockBuilt;
import io.parley.consensus.protocol.ConsensusEvent.BlockCommitted;
import io.parley.consensus.protocol.ConsensusEvent.BlockValidated;
import io.parley.consensus.protocol.ConsensusEvent.BlocksReceived;
import io.parley.consensus.protocol.ConsensusEvent.MessageReceived;
import io.parley.consensus.protocol.ConsensusEvent.Started;
import io.parley.consensus.protocol.ConsensusEvent.TimeoutExpired;
import io.parley.consensus.protocol.ConsensusEvent.TransactionsAvailable;
import io.parley.consensus.protocol.ConsensusProtocol;
import io.parley.consensus.protocol.TimeoutKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The n = 1 case of consensus: the only validator proposes and commits its own blocks, signing a
 * one-vote certificate. Blocks are built when transactions are waiting (at most one per {@code
 * blockPeriodMillis}) and an empty block is made after {@code emptyBlockIntervalMillis} without
 * one, so block time keeps advancing.
 *
 * <p>States: IDLE (waiting for transactions or a timer), BUILDING (a BuildBlock is outstanding),
 * COMMITTING (a CommitBlock is outstanding). One block is in flight at a time.
 */
public final class SoloConsensus implements ConsensusProtocol {
  private enum Phase {
    NOT_STARTED,
    IDLE,
    BUILDING,
    COMMITTING
  }

  private final long chainId;
  private final KeyPair validatorKey;
  private final long blockPeriodMillis;
  private final long emptyBlockIntervalMillis;

  private Phase phase = Phase.NOT_STARTED;
  private BlockHeader head;
  private boolean transactionsWaiting;
  private boolean periodElapsed;
  private boolean nextPeriodElapsed;
  private boolean intervalElapsed;

  public SoloConsensus(
      long chainId, KeyPair validatorKey, long blockPeriodMillis, long emptyBlockIntervalMillis) {
    if (blockPeriodMillis < 0 || emptyBlockIntervalMillis < blockPeriodMillis) {
      throw new IllegalArgumentException("need 0 <= blockPeriodMillis <= emptyBlockIntervalMillis");
    }
    this.chainId = chainId;
    this.validatorKey = validatorKey;
    this.blockPeriodMillis = blockPeriodMillis;
    this.emptyBlockIntervalMillis = emptyBlockIntervalMillis;
  }

  @Override
  public List<ConsensusAction> handle(ConsensusEvent event) {
    return switch (event) {
      case Started started -> onStarted(started.head());
      case TransactionsAvailable available -> {
        transactionsWaiting = true;
        yield maybeBuild();
      }
      case TimeoutExpired timeout -> onTimeout(timeout);
      case BlockBuilt built -> onBuilt(built);
      case BlockCommitted committed -> onCommitted(committed.header());
      case BlockValidated validated ->
          List.of(); // a solo validator validates nothing it did not build
      case MessageReceived received -> List.of(); // there is no other validator
      case BlocksReceived received -> List.of(); // nothing to sync from
    };
  }

  private List<ConsensusAction> onStarted(BlockHeader committedHead) {
    head = committedHead;
    phase = Phase.IDLE;
    periodElapsed = true;
    intervalElapsed = false;
    return List.of(nextHeightTimer(TimeoutKind.BLOCK_INTERVAL, emptyBlockIntervalMillis));
  }

  private List<ConsensusAction> onTimeout(TimeoutExpired timeout) {
    if (phase == Phase.NOT_STARTED) {
      return List.of();
    }
    if (timeout.kind() == TimeoutKind.BLOCK_PERIOD && timeout.height() == head.height() + 2) {
      nextPeriodElapsed = true; // the period of the block after the one in flight
      return List.of();
    }
    if (timeout.height() != head.height() + 1) {
      return List.of(); // stale: a block was committed since it was scheduled
    }
    if (timeout.kind() == TimeoutKind.BLOCK_PERIOD) {
      periodElapsed = true;
    } else if (timeout.kind() == TimeoutKind.BLOCK_INTERVAL) {
      intervalElapsed = true;
    }
    return maybeBuild();
  }

  private List<ConsensusAction> maybeBuild() {
    if (phase != Phase.IDLE || !periodElapsed || !(transactionsWaiting || intervalElapsed)) {
      return List.of();
    }
    phase = Phase.BUILDING;
    boolean allowEmpty = intervalElapsed;
    transactionsWaiting = false;
    nextPeriodElapsed = false;
    // The block period runs from the start of this build, so a slow build does not add to it.
    return List.of(
        new BuildBlock(head.height() + 1, 0, head.hash(), allowEmpty),
        new ScheduleTimeout(head.height() + 2, 0, TimeoutKind.BLOCK_PERIOD, blockPeriodMillis));
  }

  private List<ConsensusAction> onBuilt(BlockBuilt built) {
    if (phase != Phase.BUILDING || built.height() != head.height() + 1) {
      return List.of();
    }
    Block block = built.block();
    if (block.transactions().isEmpty() && !intervalElapsed) {
      phase = Phase.IDLE; // the transactions were taken by nobody else; nothing to do
      return List.of();
    }
    phase = Phase.COMMITTING;
    var hash = block.hash();
    var signature =
        Secp256k1.sign(
            CommitCertificate.signingHash(chainId, block.height(), 0, hash),
            validatorKey.privateKey());
    var certificate =
        new CommitCertificate(block.height(), 0, hash, List.of(new CommitVote(0, signature)));
    return List.of(new CommitBlock(block, certificate));
  }

  private List<ConsensusAction> onCommitted(BlockHeader committed) {
    if (committed.height() <= head.height()) {
      return List.of();
    }
    head = committed;
    phase = Phase.IDLE;
    periodElapsed = nextPeriodElapsed;
    nextPeriodElapsed = false;
    intervalElapsed = false;
    List<ConsensusAction> actions = new ArrayList<>();
    actions.add(nextHeightTimer(TimeoutKind.BLOCK_INTERVAL, emptyBlockIntervalMillis));
    actions.addAll(maybeBuild());
    return actions;
  }

  private ScheduleTimeout nextHeightTimer(TimeoutKind kind, long delay) {
    return new ScheduleTimeout(head.height() + 1, 0, kind, delay);
  }
}
