package io.parley.zk.attestation;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.computation.ShareVector;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Member j's vote for a statement (docs/spec/attestation.md section 2): the commitment to its own
 * shares of the new secret state and its signature of {@code vote_j}.
 */
public record Vote(int member, Bytes32 stateShares, Signature signature) {
  public static Vote sign(
      Statement statement, int member, Bytes32 stateShares, PrivateKey signingKey) {
    return new Vote(
        member,
        stateShares,
        Secp256k1.sign(hash(statement.digest(), member, stateShares), signingKey));
  }

  /** vote_j = keccak256("parley-attestation-vote/1" || digest || u16(j) || stateShares_j). */
  public static Bytes32 hash(Bytes32 digest, int member, Bytes32 stateShares) {
    return Hashing.keccak256(
        Statement.ascii("parley-attestation-vote/1"),
        digest,
        Bytes.wrap(ByteBuffer.allocate(2).putShort((short) member).array()),
        stateShares);
  }

  /** stateShares_j: keccak256("parley-state-shares/1" || j's shares), zero with no state. */
  public static Bytes32 commitStateShares(List<ShareVector> shares) {
    if (shares.isEmpty()) {
      return Bytes32.ZERO;
    }
    Bytes[] parts = new Bytes[shares.size() + 1];
    parts[0] = Statement.ascii("parley-state-shares/1");
    for (int i = 0; i < shares.size(); i++) {
      parts[i + 1] = Bytes.wrap(shares.get(i).encode());
    }
    return Hashing.keccak256(parts);
  }
}
