package io.parley.sdk.verify;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A block header whose hash was recomputed from its fields and whose commit certificate verified
 * against the chain's validator set (docs/rpc.md "Checking genesis and certificates"). Its {@code
 * stateRoot} is what state and storage proofs are checked against.
 */
public record VerifiedBlock(BlockHeader header, Bytes32 hash, CommitCertificate certificate) {
  public long number() {
    return header.height();
  }

  public Bytes32 stateRoot() {
    return header.stateRoot();
  }
}
