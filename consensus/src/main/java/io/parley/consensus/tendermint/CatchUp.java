package io.parley.consensus.tendermint;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.CommitDecision;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusAction.ScheduleTimeout;
import io.parley.consensus.protocol.ConsensusAction.SendTo;
import io.parley.consensus.protocol.TimeoutKind;
import io.parley.consensus.validation.CertifiedBlockVerifier;
import io.parley.consensus.validation.Refusal;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What replaces the gossip layer Tendermint assumes, in both directions: helping peers that lag
 * (our messages of their round, our head's certificate for their height) and catching up when we
 * lag (deciding from a certificate, or fetching, verifying and committing missing blocks).
 */
final class CatchUp {
  private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

  private final TendermintConfig config;
  private final int self;
  private final LocalState local;
  private final RoundRules rules;
  private final BlockSync sync;
  private final CertifiedBlockVerifier verifier;

  CatchUp(
      TendermintConfig config,
      LocalState local,
      RoundRules rules,
      BlockSync sync,
      CertifiedBlockVerifier verifier) {
    this.config = config;
    this.self = config.validatorIndex();
    this.local = local;
    this.rules = rules;
    this.sync = sync;
    this.verifier = verifier;
  }

  /** A verified certificate from peer {@code from}: decide with it, or note that we are behind. */
  void onCertificate(int from, CommitCertificate certificate, List<ConsensusAction> out) {
    HeightState hs = local.current;
    if (certificate.height() > hs.height) {
      sync.learnCommitted(certificate.height(), from);
    } else if (certificate.height() == hs.height && !hs.decided) {
      Block block = hs.blocks.get(certificate.blockHash());
      if (block != null) {
        rules.decide(new CertifiedBlock(block, certificate), out);
      } else {
        sync.learnCommitted(certificate.height(), from);
      }
    }
  }

  /** A validated proposal for a later height: its parent is committed, with a certificate. */
  void onLaterProposal(int from, Proposal proposal, List<ConsensusAction> out) {
    ConsensusData.of(proposal.block().header())
        .parentCertificate()
        .ifPresent(certificate -> onCertificate(from, certificate, out));
  }

  /**
   * A peer still in an earlier round of our height gets our own messages of its round: with them it
   * can complete that round (or time it out) even if the originals were lost. Without this, two
   * honest validators could wait in round r for a precommit that a third, already in round r+1,
   * sent once and the network dropped. At most once per peer per rebroadcast tick.
   */
  void helpLaggingRound(int peer, long round, List<ConsensusAction> out) {
    if (peer != self && local.helped.add(peer)) {
      rules.ownMessages(round).forEach(m -> out.add(new SendTo(peer, m)));
    }
  }

  /** A peer at a lower height gets our head's certificate: it commits or starts block sync. */
  void helpLaggingPeer(int peer, List<ConsensusAction> out) {
    if (local.headCertificate.isPresent() && peer != self && local.helped.add(peer)) {
      out.add(new SendTo(peer, new CommitDecision(local.headCertificate.get())));
    }
  }

  /** Commits the next synced block if it verifies against our head. */
  void commitSyncedBlock(List<ConsensusAction> out) {
    if (local.current.decided) {
      return;
    }
    Optional<CertifiedBlock> next = sync.pendingAt(local.nextHeight());
    if (next.isEmpty()) {
      return;
    }
    Optional<Refusal> rejection = verifier.verifyNext(local.head, next.get());
    if (rejection.isPresent()) {
      LOG.warn("synced block {} rejected: {}", next.get().height(), rejection.get().reason());
      sync.rejectPending();
      return;
    }
    rules.decide(next.get(), out);
  }

  /** Asks a peer for blocks if we know of committed heights we do not have. */
  void requestBlocksIfBehind(List<ConsensusAction> out) {
    if (local.current.decided) {
      return;
    }
    sync.nextRequest(local.nextHeight())
        .ifPresent(
            request -> {
              out.add(request);
              out.add(
                  new ScheduleTimeout(
                      local.nextHeight(),
                      sync.attempt(),
                      TimeoutKind.SYNC,
                      config.pacemaker().syncMillis()));
            });
  }
}
