package io.parley.consensus.messages;

import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A signed PREVOTE or PRECOMMIT for a block hash, or for nil ({@code blockHash} empty) when the
 * validator saw no acceptable proposal or no polka in time.
 */
public record Vote(
    VoteType type,
    long height,
    long round,
    Optional<Bytes32> blockHash,
    int validatorIndex,
    Signature signature)
    implements ConsensusMessage {

  public Vote {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(signature, "signature");
    if (height < 1 || round < 0 || validatorIndex < 0) {
      throw new IllegalArgumentException("need height >= 1, round >= 0, validatorIndex >= 0");
    }
  }

  /** Signs a vote with {@code key}, the key of validator {@code validatorIndex}. */
  public static Vote sign(
      long chainId,
      VoteType type,
      long height,
      long round,
      Optional<Bytes32> blockHash,
      int validatorIndex,
      KeyPair key) {
    Bytes32 hash = SigningHashes.vote(type, chainId, height, round, blockHash);
    return new Vote(
        type, height, round, blockHash, validatorIndex, Secp256k1.sign(hash, key.privateKey()));
  }

  public Bytes32 signingHash(long chainId) {
    return SigningHashes.vote(type, chainId, height, round, blockHash);
  }

  public boolean isNil() {
    return blockHash.isEmpty();
  }
}
