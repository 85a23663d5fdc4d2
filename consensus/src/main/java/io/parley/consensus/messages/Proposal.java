package io.parley.consensus.messages;

import io.parley.base.block.Block;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The PROPOSAL of round {@code round} at {@code height}, signed by that round's proposer. {@code
 * polka} is present when the block is the proposer's validValue, locked in by 2f+1 prevotes in the
 * earlier round {@code validRound}; Tendermint's message then carries validRound = polka.round.
 */
public record Proposal(
    long height,
    long round,
    Block block,
    Optional<PolkaCertificate> polka,
    int proposerIndex,
    Signature signature)
    implements ConsensusMessage {

  public Proposal {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(polka, "polka");
    Objects.requireNonNull(signature, "signature");
    if (height < 1 || round < 0 || proposerIndex < 0) {
      throw new IllegalArgumentException("need height >= 1, round >= 0, proposerIndex >= 0");
    }
  }

  public static Proposal sign(
      long chainId,
      long height,
      long round,
      Block block,
      Optional<PolkaCertificate> polka,
      int proposerIndex,
      KeyPair key) {
    OptionalLong validRound =
        polka.map(p -> OptionalLong.of(p.round())).orElseGet(OptionalLong::empty);
    Bytes32 hash = SigningHashes.proposal(chainId, height, round, block.hash(), validRound);
    return new Proposal(
        height, round, block, polka, proposerIndex, Secp256k1.sign(hash, key.privateKey()));
  }

  /** Tendermint's validRound: the polka's round, or -1 for a block not seen before. */
  public long validRound() {
    return polka.map(PolkaCertificate::round).orElse(-1L);
  }

  public Bytes32 blockHash() {
    return block.hash();
  }

  public Bytes32 signingHash(long chainId) {
    OptionalLong validRound =
        polka.map(p -> OptionalLong.of(p.round())).orElseGet(OptionalLong::empty);
    return SigningHashes.proposal(chainId, height, round, block.hash(), validRound);
  }
}
