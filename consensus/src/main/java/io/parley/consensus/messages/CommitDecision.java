package io.parley.consensus.messages;

import java.util.Objects;

/**
 * The decision of a height, sent to a validator whose messages show it is still at a lower height:
 * the block and the certificate this validator committed it with. It carries no signature of its
 * own: the certificate's 2f+1 signatures authenticate it, whoever relays it.
 */
public record CommitDecision(CertifiedBlock certified) implements ConsensusMessage {
  public CommitDecision {
    Objects.requireNonNull(certified, "certified");
  }

  @Override
  public long height() {
    return certified.height();
  }

  @Override
  public long round() {
    return certified.certificate().round();
  }
}
