package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PublicKey;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A member's complaint about an input it cannot open: S_j = d_j·E and a Chaum-Pedersen proof that
 * log_G(Q_j) = log_E(S_j) (secret-inputs.md section 5), 128 bytes {@code S_j || c || z}.
 */
public record Complaint(int member, Bytes shared, BigInteger c, BigInteger z) {
  private static final Bytes NONCE = KnowledgeProof.ascii("parley-dleq-nonce/2");
  private static final Bytes CHALLENGE = KnowledgeProof.ascii("parley-dleq/2");

  /** Who is at fault once a complaint is checked. */
  public enum Verdict {
    /** The complaint's proof is wrong: it is ignored (and is itself evidence against member j). */
    INVALID_COMPLAINT,
    /** The ciphertext does not open to a well-formed, committed plaintext: the sender's fault. */
    SENDER,
    /** The ciphertext opens fine: member j complained falsely. */
    MEMBER
  }

  public Bytes encode() {
    return Bytes.concatenate(shared, Curve.scalar32(c), Curve.scalar32(z));
  }

  public static Complaint decode(int member, Bytes bytes) {
    if (bytes.size() != 128) {
      throw new SecretInputException("a complaint is 128 bytes");
    }
    return new Complaint(
        member,
        bytes.slice(0, 64),
        new BigInteger(1, bytes.slice(64, 32).toArrayUnsafe()),
        new BigInteger(1, bytes.slice(96, 32).toArrayUnsafe()));
  }

  static Complaint prove(
      int j, BigInteger d, ECPoint encryptionKey, Bytes ephemeral, Bytes32 context) {
    ECPoint e = Curve.point(ephemeral, "E");
    ECPoint shared = e.multiply(d).normalize();
    BigInteger k =
        Curve.nonzero(
            Kdf.hmac(Curve.scalar32(d), Bytes.concatenate(NONCE, context, Envelope.u16(j))));
    BigInteger c =
        challenge(
            context,
            j,
            Curve.encode(encryptionKey),
            ephemeral,
            Curve.encode(shared),
            Curve.encode(Curve.G.multiply(k)),
            Curve.encode(e.multiply(k)));
    return new Complaint(j, Curve.encode(shared), c, k.add(c.multiply(d)).mod(Curve.N));
  }

  /** True if the proof shows shared = d_j·E for the d_j behind {@code encryptionKey}. */
  public boolean verify(PublicKey encryptionKey, Bytes ephemeral, Bytes32 context) {
    if (c.signum() < 0
        || z.signum() < 0
        || c.compareTo(Curve.N) >= 0
        || z.compareTo(Curve.N) >= 0) {
      return false;
    }
    var q = Curve.decode(encryptionKey.bytes());
    var e = Curve.decode(ephemeral);
    var s = Curve.decode(shared);
    if (q.isEmpty() || e.isEmpty() || s.isEmpty()) {
      return false;
    }
    ECPoint a1 = Curve.G.multiply(z).subtract(q.get().multiply(c)).normalize();
    ECPoint a2 = e.get().multiply(z).subtract(s.get().multiply(c)).normalize();
    if (a1.isInfinity() || a2.isInfinity()) {
      return false;
    }
    return challenge(
            context,
            member,
            encryptionKey.bytes(),
            ephemeral,
            shared,
            Curve.encode(a1),
            Curve.encode(a2))
        .equals(c);
  }

  /**
   * Decides a complaint about {@code input} (whose proof of knowledge was verified at admission):
   * checks the DLEQ proof, then opens member j's ciphertext with the proven S_j.
   */
  public Verdict judge(
      SealedInput input, InputCommittee committee, InputContext context, int values) {
    if (member < 0 || member >= committee.size()) {
      return Verdict.INVALID_COMPLAINT;
    }
    Bytes32 ctx = context.hash(input.ephemeral());
    PublicKey q = committee.members().get(member).encryption();
    if (!verify(q, input.ephemeral(), ctx)) {
      return Verdict.INVALID_COMPLAINT;
    }
    byte[] key = Envelope.key(Curve.point(shared, "S_j"), input.ephemeral(), ctx, member);
    return Opener.openWith(key, input, committee.format(), ctx, member, values).isPresent()
        ? Verdict.MEMBER
        : Verdict.SENDER;
  }

  private static BigInteger challenge(
      Bytes32 context, int j, Bytes q, Bytes ephemeral, Bytes shared, Bytes a1, Bytes a2) {
    return Curve.hashToScalar(
        Hashing.keccak256(CHALLENGE, context, Envelope.u16(j), q, ephemeral, shared, a1, a2));
  }

  @Override
  public String toString() {
    return "Complaint[member=" + member + "]";
  }
}
