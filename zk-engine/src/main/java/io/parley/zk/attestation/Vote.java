package io.parley.zk.attestation;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
      parts[i + 1] = encode(shares.get(i));
    }
    return Hashing.keccak256(parts);
  }

  private static Bytes encode(ShareVector s) {
    return switch (s) {
      case ShareVector.Field f -> {
        ByteBuffer b = ByteBuffer.allocate(f.length() * FieldElement.BYTES);
        for (FieldElement e : f.shares()) {
          b.putLong(e.hi()).putLong(e.lo());
        }
        yield Bytes.wrap(b.array());
      }
      case ShareVector.Replicated r -> {
        long[][] components = r.shares().components();
        ByteBuffer b = ByteBuffer.allocate(24 * r.length()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < r.length(); i++) {
          for (long[] c : components) {
            if (c != null) {
              b.putLong(c[i]);
            }
          }
        }
        yield Bytes.wrap(b.array());
      }
    };
  }
}
