package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a king signs for one chunk: (computation, values step, size of the opening, chunk, king,
 * SHA-256 of the values). The statement is bound to its slot and to the opening's layout, so two
 * valid statements of one king for one slot with different value hashes prove equivocation without
 * the values themselves, and a confirm cannot pass a statement off under another layout.
 */
public record ValuesStatement(
    Bytes32 computation,
    int step,
    int total,
    int chunk,
    int king,
    Bytes32 valuesHash,
    Signature signature) {
  private static final byte[] DOMAIN = "parley-king-values/1".getBytes(StandardCharsets.US_ASCII);

  /** Bytes of one statement inside a confirm envelope: king u8, chunk i32, hash 32, signature. */
  public static final int ENCODED = 1 + 4 + 32 + Signature.SIZE;

  public static Bytes32 hashValues(FieldElement[] values) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(ByteBuffer.allocate(4).putInt(values.length).array());
    Sha256.update(sha, values);
    return Bytes32.wrap(sha.digest());
  }

  public static Bytes32 signingDigest(
      Bytes32 computation, int step, int total, int chunk, int king, Bytes32 valuesHash) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    sha.update(computation.toArrayUnsafe());
    sha.update(
        ByteBuffer.allocate(16).putInt(step).putInt(total).putInt(chunk).putInt(king).array());
    sha.update(valuesHash.toArrayUnsafe());
    return Bytes32.wrap(sha.digest());
  }

  public static ValuesStatement sign(
      Bytes32 computation,
      int step,
      int total,
      int chunk,
      int king,
      Bytes32 valuesHash,
      PrivateKey key) {
    Signature s =
        Secp256k1.sign(signingDigest(computation, step, total, chunk, king, valuesHash), key);
    return new ValuesStatement(computation, step, total, chunk, king, valuesHash, s);
  }

  /** The digest this statement's signature is over. */
  public Bytes32 signingDigest() {
    return signingDigest(computation, step, total, chunk, king, valuesHash);
  }

  public boolean validFor(PublicKey kingKey) {
    return Secp256k1.verify(
        signingDigest(computation, step, total, chunk, king, valuesHash), signature, kingKey);
  }

  public void encodeTo(ByteBuffer out) {
    out.put((byte) king).putInt(chunk).put(valuesHash.toArrayUnsafe());
    out.put(signature.toBytes().toArrayUnsafe());
  }

  /** Reads one statement of the given slot; the caller checks the king and chunk it expects. */
  public static ValuesStatement decodeFrom(
      ByteBuffer in, Bytes32 computation, int step, int total) {
    int king = in.get() & 0xff;
    int chunk = in.getInt();
    byte[] hash = new byte[32];
    in.get(hash);
    byte[] sig = new byte[Signature.SIZE];
    in.get(sig);
    return new ValuesStatement(
        computation,
        step,
        total,
        chunk,
        king,
        Bytes32.wrap(hash),
        Signature.fromBytes(org.apache.tuweni.bytes.Bytes.wrap(sig)));
  }
}
