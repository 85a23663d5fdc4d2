package io.parley.consensus.validation;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.encoding.EncodingException;
import io.parley.consensus.messages.ConsensusData;
import java.util.Optional;

/**
 * The checks on a block that consensus owns (execution is the host's): transactions match the
 * header's root, the builder is a validator, and the consensus data is well formed and carries a
 * valid certificate of the parent. Whether the parent is this node's head is the caller's check.
 */
public final class BlockChecks {
  private final CertificateChecker certificates;

  public BlockChecks(CertificateChecker certificates) {
    this.certificates = certificates;
  }

  /** Checks {@code block} and returns its decoded consensus data. */
  public Result check(Block block) {
    BlockHeader header = block.header();
    if (header.height() < 1) {
      return Result.rejected("block height must be >= 1");
    }
    if (!Block.transactionsRoot(block.transactions()).equals(header.transactionsRoot())) {
      return Result.rejected("transactions do not match the header's transactionsRoot");
    }
    if (certificates.validators().indexOf(header.proposer()).isEmpty()) {
      return Result.rejected("block proposer " + header.proposer() + " is not a validator");
    }
    ConsensusData data;
    try {
      data = ConsensusData.of(header);
    } catch (EncodingException e) {
      return Result.rejected("consensus data: " + e.getMessage());
    }
    if (header.height() == 1) {
      return data.parentCertificate().isPresent()
          ? Result.rejected("block 1 must not carry a parent certificate (its parent is genesis)")
          : Result.accepted(data);
    }
    if (data.parentCertificate().isEmpty()) {
      return Result.rejected("block " + header.height() + " carries no parent certificate");
    }
    Optional<Refusal> parent =
        certificates.checkCommit(
            data.parentCertificate().get(), header.height() - 1, header.parentHash());
    return parent.map(r -> Result.rejected("parent " + r.reason())).orElse(Result.accepted(data));
  }

  /** The consensus data of an acceptable block, or why the block is not acceptable. */
  public record Result(Optional<ConsensusData> data, Optional<Refusal> rejection) {
    static Result accepted(ConsensusData data) {
      return new Result(Optional.of(data), Optional.empty());
    }

    static Result rejected(String reason) {
      return new Result(Optional.empty(), Refusal.of(reason));
    }
  }
}
