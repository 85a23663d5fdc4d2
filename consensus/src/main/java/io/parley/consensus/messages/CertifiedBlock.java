package io.parley.consensus.messages;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import java.util.Objects;

/**
 * A committed block with a commit certificate for it: what block sync transfers and what a
 * validator that fell behind needs to catch up. Check with {@code
 * io.parley.consensus.validation.CertifiedBlockVerifier} before applying.
 */
public record CertifiedBlock(Block block, CommitCertificate certificate) {
  public CertifiedBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(certificate, "certificate");
  }

  public long height() {
    return block.height();
  }
}
