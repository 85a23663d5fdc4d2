package io.parley.consensus.validation;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.ValidatorSet;
import io.parley.consensus.messages.CertifiedBlock;
import java.util.Optional;

/**
 * Verifies committed blocks from untrusted sources (block sync, RPC clients, explorers) with
 * nothing but the genesis validator set: the certificate is a quorum of valid commit signatures on
 * this block, and the block extends the given parent. A block that passes is final: a conflicting
 * one would need more than f validators to sign twice.
 */
public final class CertifiedBlockVerifier {
  private final CertificateChecker certificates;
  private final BlockChecks blockChecks;

  public CertifiedBlockVerifier(long chainId, ValidatorSet validators) {
    this(new CertificateChecker(chainId, validators));
  }

  public CertifiedBlockVerifier(CertificateChecker certificates) {
    this.certificates = certificates;
    this.blockChecks = new BlockChecks(certificates);
  }

  /** Finality of {@code certified} alone: its certificate and its own consensus data. */
  public Optional<Refusal> verifyFinal(CertifiedBlock certified) {
    Optional<Refusal> certificate =
        certificates.checkCommit(
            certified.certificate(), certified.height(), certified.block().hash());
    return certificate.isPresent() ? certificate : blockChecks.check(certified.block()).rejection();
  }

  /** As {@link #verifyFinal}, and {@code certified} is the child of {@code parent}. */
  public Optional<Refusal> verifyNext(BlockHeader parent, CertifiedBlock certified) {
    BlockHeader header = certified.block().header();
    if (header.height() != parent.height() + 1) {
      return Refusal.of("block " + header.height() + " does not follow head " + parent.height());
    }
    if (!header.parentHash().equals(parent.hash())) {
      return Refusal.of("block " + header.height() + " does not extend the local chain");
    }
    return verifyFinal(certified);
  }
}
