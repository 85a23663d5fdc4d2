package io.parley.zk.inputs;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A member's shares of a private output, encrypted for the recipient's key
 * (docs/spec/private-outputs.md section 3): a fresh ephemeral key e per share, E = e·G, k =
 * HKDF-SHA256(x(e·Q), salt E, info "parley-output-share/1" || context || u16(j)), AES-256-GCM with
 * a zero nonce (k is used once) and the context and j as associated data. The context binds the
 * chain, the computation and the output.
 */
public final class OutputSeal {
  private static final Bytes INFO =
      Bytes.wrap("parley-output-share/1".getBytes(StandardCharsets.US_ASCII));
  private static final Bytes CONTEXT =
      Bytes.wrap("parley-output/1".getBytes(StandardCharsets.US_ASCII));

  /** What member j posts: its ephemeral point and the ciphertext of its share bytes. */
  public record Sealed(Bytes ephemeral, Bytes ciphertext) {}

  private OutputSeal() {}

  /** context = keccak256("parley-output/1" || u64(chainId) || computationId || ascii(name)). */
  public static Bytes32 context(long chainId, Bytes32 computation, String name) {
    return io.parley.base.crypto.Hashing.keccak256(
        CONTEXT,
        Bytes.ofUnsignedLong(chainId),
        computation,
        Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Member j seals {@code shares} (its share bytes) for {@code recipient}. */
  public static Sealed seal(
      PublicKey recipient, Bytes32 context, int j, byte[] shares, RandomBytes random) {
    ECPoint q = Curve.point(recipient.bytes(), "the recipient's key");
    BigInteger e = Curve.nonzero(random.next(32));
    Bytes ephemeral = Curve.encode(Curve.G.multiply(e));
    byte[] key = key(q.multiply(e), ephemeral, context, j);
    return new Sealed(ephemeral, Envelope.seal(key, context, j, shares));
  }

  /** The recipient opens member j's share bytes; empty if they do not authenticate. */
  public static Optional<byte[]> open(
      PrivateKey recipient, Bytes32 context, int j, Bytes ephemeral, Bytes ciphertext) {
    Optional<ECPoint> e = Curve.decode(ephemeral);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    BigInteger d = new BigInteger(1, recipient.bytes().toArrayUnsafe());
    byte[] key = key(e.get().multiply(d), ephemeral, context, j);
    return Envelope.open(key, context, j, ciphertext);
  }

  private static byte[] key(ECPoint shared, Bytes ephemeral, Bytes32 context, int j) {
    Bytes x = Bytes.wrap(shared.normalize().getAffineXCoord().getEncoded());
    return Kdf.hkdf(x, ephemeral, Bytes.concatenate(INFO, context, Envelope.u16(j)), 32);
  }
}
