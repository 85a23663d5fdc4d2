package io.parley.consensus.tendermint;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What one validator knows beyond the current height's Tendermint variables. */
final class LocalState {
  BlockHeader head;
  Optional<CommitCertificate> headCertificate = Optional.empty();
  HeightState current;

  /** Who proposes at the next height, from the latest committed headers. */
  ProposerReputation reputation;

  /** The block of the CommitBlock in flight, if any. */
  Optional<CertifiedBlock> committing = Optional.empty();

  boolean transactionsWaiting;
  boolean periodElapsed;
  boolean intervalElapsed;

  /**
   * Peers that were sent our head's certificate or our messages of an earlier round since the last
   * rebroadcast tick: help for a lagging peer goes out at most once per tick.
   */
  final Set<Integer> helped = new HashSet<>();

  /**
   * Messages persisted or recorded at heights above the one this validator resumed at (its database
   * lost blocks): restored when block sync brings it back to their height.
   */
  final Map<Long, List<ConsensusMessage>> signedAhead = new HashMap<>();

  long nextHeight() {
    return head.height() + 1;
  }
}
