package io.parley.zk.messages;

import io.parley.base.crypto.Signature;
import io.parley.zk.field.FieldElement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Every message between committee members: tagged with (computation, step) so that arrival order
 * does not matter, addressed to one recipient or to all ({@link #BROADCAST}), carrying field
 * elements and/or opaque bytes, and signed by the sender over {@link #digest()} with its genesis
 * secp256k1 key. Signed envelopes are the raw material of third-party-checkable evidence.
 */
public record Envelope(
    Bytes32 computation,
    int step,
    int sender,
    int recipient,
    Kind kind,
    FieldElement[] values,
    byte[] data,
    Optional<Signature> signature) {

  public static final int BROADCAST = -1;
  private static final byte[] DOMAIN = "parley-mpc-envelope/1".getBytes(StandardCharsets.US_ASCII);

  public Envelope {
    Objects.requireNonNull(computation, "computation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(signature, "signature");
  }

  public static Envelope unsigned(
      Bytes32 computation, int step, int sender, int recipient, Kind kind, FieldElement[] values) {
    return new Envelope(
        computation, step, sender, recipient, kind, values, new byte[0], Optional.empty());
  }

  public Envelope withSignature(Signature s) {
    return new Envelope(computation, step, sender, recipient, kind, values, data, Optional.of(s));
  }

  public Envelope withData(byte[] bytes) {
    return new Envelope(computation, step, sender, recipient, kind, values, bytes, signature);
  }

  /** The same envelope with other values and no signature (sign it again). */
  public Envelope withValues(FieldElement[] other) {
    return new Envelope(computation, step, sender, recipient, kind, other, data, Optional.empty());
  }

  /**
   * SHA-256 over the domain tag and every field except the signature (SHA-256 rather than
   * Keccak-256 because envelopes carry megabytes and the JDK's SHA-256 uses the CPU's SHA
   * instructions: about 15x faster here).
   */
  public Bytes32 digest() {
    ByteBuffer header = ByteBuffer.allocate(DOMAIN.length + 32 + 4 * 5 + 1);
    header.put(DOMAIN).put(computation.toArrayUnsafe());
    header.putInt(step).putInt(sender).putInt(recipient).put((byte) kind.code());
    header.putInt(values.length).putInt(data.length);
    MessageDigest sha = Sha256.newDigest();
    sha.update(header.array());
    Sha256.update(sha, values);
    sha.update(data);
    return Bytes32.wrap(sha.digest());
  }

  /** Same signed content (the digest), whatever the signature. */
  public boolean sameContent(Envelope other) {
    return digest().equals(other.digest());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope other && sameContent(other) && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(computation, step, sender, recipient, kind, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "Envelope["
        + kind
        + " step="
        + step
        + " "
        + sender
        + "->"
        + recipient
        + " values="
        + values.length
        + " data="
        + data.length
        + "]";
  }
}
