package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The committee as a wallet sees it (secret-inputs.md section 1): threshold, sharing format, and
 * per member a signing key and a separate encryption key.
 */
public record InputCommittee(int threshold, PlainFormat format, List<MemberKeys> members) {
  public static final int MAX_MEMBERS = 64;

  /** One member's keys: P_j signs, Q_j receives secret inputs. */
  public record MemberKeys(PublicKey signing, PublicKey encryption) {}

  public InputCommittee {
    members = List.copyOf(members);
    if (members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("a committee has 1.." + MAX_MEMBERS + " members");
    }
    if (threshold < 0 || members.size() < 3 * threshold + 1) {
      throw new IllegalArgumentException("n >= 3t + 1 is required");
    }
    if (format == PlainFormat.REPLICATED && members.size() != 4) {
      throw new IllegalArgumentException("replicated-z2^64/1 needs exactly 4 members");
    }
    for (MemberKeys m : members) {
      Curve.point(m.encryption().bytes(), "an encryption key");
    }
  }

  public int size() {
    return members.size();
  }

  /** keccak256("parley-committee/2" || RLP([t, format, [[P_j, Q_j], ...]])). */
  public Bytes32 hash() {
    Bytes rlp =
        RLP.encodeList(
            w -> {
              w.writeLong(threshold);
              w.writeValue(Bytes.wrap(format.id().getBytes(StandardCharsets.US_ASCII)));
              w.writeList(
                  members,
                  (mw, m) ->
                      mw.writeList(
                          kw -> {
                            kw.writeValue(m.signing().bytes());
                            kw.writeValue(m.encryption().bytes());
                          }));
            });
    return Hashing.keccak256(
        Bytes.wrap("parley-committee/2".getBytes(StandardCharsets.US_ASCII)), rlp);
  }
}
