package io.parley.base.block;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/**
 * Proof that a block is final: signatures of a quorum of validators over (chainId, height, round,
 * blockHash). Anyone holding the genesis validator set can check it from chain data alone. Bytes:
 * docs/spec/certificates.md.
 */
public record CommitCertificate(
    long height, long round, Bytes32 blockHash, List<CommitVote> votes) {
  public static final Bytes COMMIT_DOMAIN =
      Bytes.wrap("parley-commit-v1".getBytes(StandardCharsets.US_ASCII));

  /** One validator's signature, by its index in the genesis validator list. */
  public record CommitVote(int validatorIndex, Signature signature) {}

  public CommitCertificate {
    Objects.requireNonNull(blockHash, "blockHash");
    votes = List.copyOf(votes);
  }

  /** keccak256("parley-commit-v1" || RLP([chainId, height, round, blockHash])). */
  public static Bytes32 signingHash(long chainId, long height, long round, Bytes32 blockHash) {
    Bytes body =
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeLong(height);
              w.writeLong(round);
              w.writeValue(blockHash);
            });
    return Hashing.keccak256(COMMIT_DOMAIN, body);
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(height);
          w.writeLong(round);
          w.writeValue(blockHash);
          w.writeList(
              votes,
              (vw, v) ->
                  vw.writeList(
                      x -> {
                        x.writeLong(v.validatorIndex());
                        x.writeValue(v.signature().toBytes());
                      }));
        });
  }

  public static CommitCertificate decode(Bytes input) {
    return Rlp.decodeCanonical(
        input, "commit certificate", CommitCertificate::read, CommitCertificate::encode);
  }

  private static CommitCertificate read(RLPReader r) {
    long height = Rlp.readUint63(r, "height");
    long round = Rlp.readUint63(r, "round");
    Bytes32 hash = Rlp.readBytes32(r, "blockHash");
    List<CommitVote> votes =
        r.readList(
            lr -> {
              List<CommitVote> out = new ArrayList<>();
              while (!lr.isComplete()) {
                out.add(
                    lr.readList(
                        vr -> {
                          long index = Rlp.readUint63(vr, "validatorIndex");
                          if (index > Integer.MAX_VALUE) {
                            throw new EncodingException("validatorIndex out of range");
                          }
                          Bytes sig = vr.readValue();
                          if (sig.size() != Signature.SIZE) {
                            throw new EncodingException("vote signature must be 65 bytes");
                          }
                          Rlp.requireComplete(vr, "commit vote");
                          return new CommitVote((int) index, Signature.fromBytes(sig));
                        }));
              }
              return out;
            });
    Rlp.requireComplete(r, "commit certificate");
    return new CommitCertificate(height, round, hash, votes);
  }

  /**
   * Checks the certificate against the validator set: strictly increasing validator indexes, every
   * signature valid, and at least a quorum of them. Returns the reason for rejection, if any.
   */
  public Optional<String> verify(long chainId, ValidatorSet validators) {
    Bytes32 message = signingHash(chainId, height, round, blockHash);
    BitSet signers = new BitSet();
    int previous = -1;
    for (CommitVote vote : votes) {
      int index = vote.validatorIndex();
      if (index <= previous) {
        return Optional.of("vote indexes must be strictly increasing");
      }
      previous = index;
      if (index >= validators.size()) {
        return Optional.of("vote from unknown validator index " + index);
      }
      if (!Secp256k1.verify(message, vote.signature(), validators.get(index).publicKey())) {
        return Optional.of("invalid signature from validator " + index);
      }
      signers.set(index);
    }
    if (signers.cardinality() < validators.quorum()) {
      return Optional.of(
          "only " + signers.cardinality() + " signatures, quorum is " + validators.quorum());
    }
    return Optional.empty();
  }
}
