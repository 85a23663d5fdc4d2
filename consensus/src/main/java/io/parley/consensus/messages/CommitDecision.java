package io.parley.consensus.messages;

import io.parley.base.block.CommitCertificate;
import java.util.Objects;

/**
 * The decision of a height, sent to a validator whose messages show it is still at a lower height:
 * the commit certificate this validator committed the block with. It carries no signature of its
 * own: the certificate's 2f+1 signatures authenticate it, whoever relays it. A receiver that holds
 * the block (from the proposal) commits it; one that does not, or is further behind, fetches the
 * blocks by block sync.
 */
public record CommitDecision(CommitCertificate certificate) implements ConsensusMessage {
  public CommitDecision {
    Objects.requireNonNull(certificate, "certificate");
  }

  @Override
  public long height() {
    return certificate.height();
  }

  @Override
  public long round() {
    return certificate.round();
  }
}
