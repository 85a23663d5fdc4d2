package io.parley.consensus.messages;

import io.parley.base.block.CommitCertificate;
import io.parley.base.crypto.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The 32-byte hashes validators sign, one domain per message kind so that no signature can be
 * replayed as another kind. A precommit for a block signs exactly {@link
 * CommitCertificate#signingHash}, so 2f+1 precommits are a commit certificate as they are.
 */
public final class SigningHashes {
  public static final Bytes PROPOSAL_DOMAIN = ascii("parley-proposal-v1");
  public static final Bytes PREVOTE_DOMAIN = ascii("parley-prevote-v1");
  public static final Bytes PRECOMMIT_DOMAIN = CommitCertificate.COMMIT_DOMAIN;

  private SigningHashes() {}

  /**
   * keccak256(domain || RLP([chainId, height, round, blockHash or empty string for nil])), with the
   * prevote or the commit domain.
   */
  public static Bytes32 vote(
      VoteType type, long chainId, long height, long round, Optional<Bytes32> blockHash) {
    Bytes body =
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeLong(height);
              w.writeLong(round);
              w.writeValue(blockHash.map(Bytes.class::cast).orElse(Bytes.EMPTY));
            });
    Bytes domain = type == VoteType.PREVOTE ? PREVOTE_DOMAIN : PRECOMMIT_DOMAIN;
    return Hashing.keccak256(domain, body);
  }

  /**
   * keccak256("parley-proposal-v1" || RLP([chainId, height, round, blockHash, validRound])) where
   * validRound is the empty list when the block was not seen with a polka before, else [round].
   */
  public static Bytes32 proposal(
      long chainId, long height, long round, Bytes32 blockHash, OptionalLong validRound) {
    Bytes body =
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeLong(height);
              w.writeLong(round);
              w.writeValue(blockHash);
              w.writeList(l -> validRound.ifPresent(l::writeLong));
            });
    return Hashing.keccak256(PROPOSAL_DOMAIN, body);
  }

  private static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
