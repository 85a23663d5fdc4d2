package io.parley.zk.inputs;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.ShareVector;
import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A member's side of secret-inputs.md section 5: open its share of an admitted input, or produce a
 * complaint. Never reveals anything about its key for an input whose proof of knowledge fails.
 */
public final class Opener {
  /** What member j got: its shares, or a complaint to publish. */
  public sealed interface Opened {}

  /**
   * The member's shares, and its plaintext (which matches its commitment c_j: what it must reveal
   * if a consistency dispute locates it).
   */
  public record Shares(ShareVector shares, org.apache.tuweni.bytes.Bytes plain) implements Opened {
    @Override
    public String toString() {
      return "Opened.Shares[" + shares.length() + "]";
    }
  }

  public record Complained(Complaint complaint) implements Opened {}

  private Opener() {}

  /**
   * Opens member {@code j}'s share of {@code input} submitted in {@code context}, for a collection
   * element of {@code values} values.
   *
   * @throws SecretInputException if the input's proof of knowledge does not verify (it must not
   *     have been admitted: the member answers nothing)
   */
  public static Opened open(
      SealedInput input,
      InputCommittee committee,
      InputContext context,
      int j,
      PrivateKey encryptionKey,
      int values) {
    Bytes32 ctx = context.hash(input.ephemeral());
    if (!KnowledgeProof.verify(input.proof(), input.ephemeral(), ctx)) {
      throw new SecretInputException("the proof of knowledge of e does not verify");
    }
    if (!input.committeeHash().equals(committee.hash())) {
      throw new SecretInputException("the input names another committee");
    }
    BigInteger d = new BigInteger(1, encryptionKey.bytes().toArrayUnsafe());
    var q = Curve.point(committee.members().get(j).encryption().bytes(), "encryption key");
    if (!Curve.G.multiply(d).normalize().equals(q)) {
      throw new IllegalArgumentException("the key is not member " + j + "'s encryption key");
    }
    var e = Curve.point(input.ephemeral(), "E");
    byte[] key = Envelope.key(e.multiply(d), input.ephemeral(), ctx, j);
    Optional<byte[]> plain = plainWith(key, input, ctx, j);
    Optional<ShareVector> shares = openWith(key, input, committee.format(), ctx, j, values);
    if (shares.isPresent()) {
      return new Shares(shares.get(), org.apache.tuweni.bytes.Bytes.wrap(plain.orElseThrow()));
    }
    return new Complained(Complaint.prove(j, d, q, input.ephemeral(), ctx));
  }

  private static Optional<byte[]> plainWith(byte[] key, SealedInput input, Bytes32 ctx, int j) {
    return Envelope.open(key, ctx, j, input.shares().get(j).ciphertext());
  }

  static Optional<ShareVector> openWith(
      byte[] key, SealedInput input, PlainFormat format, Bytes32 ctx, int j, int values) {
    SealedInput.Share share = input.shares().get(j);
    Optional<byte[]> plain = Envelope.open(key, ctx, j, share.ciphertext());
    if (plain.isEmpty() || !Envelope.commitment(ctx, j, plain.get()).equals(share.commitment())) {
      return Optional.empty();
    }
    ShareVector shares;
    try {
      shares = format.parse(plain.get(), values, j);
    } catch (SecretInputException e) {
      return Optional.empty();
    }
    if (format == PlainFormat.REPLICATED) {
      if (input.components().size() != 4) {
        return Optional.empty();
      }
      for (int k = 0; k < 4; k++) {
        if (k != j
            && !Envelope.component(ctx, k, PlainFormat.component(plain.get(), j, k))
                .equals(input.components().get(k))) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(shares);
  }
}
