package io.parley.base.tx;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PublicKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.crypto.Signature;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/**
 * A transaction with its recoverable signature. Encoding: RLP([chainId, nonce, kind, gasPrice,
 * gasLimit, to, value, payload, v, r, s]); the hash is keccak256 of that encoding. The sender is
 * recovered lazily and cached.
 */
public final class SignedTransaction {
  private final Transaction transaction;
  private final Signature signature;
  private final Bytes encoded;
  private final Bytes32 hash;
  private volatile Optional<Address> sender;

  public SignedTransaction(Transaction transaction, Signature signature) {
    this.transaction = Objects.requireNonNull(transaction, "transaction");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.encoded =
        RLP.encodeList(
            w -> {
              transaction.writeFields(w);
              w.writeLong(signature.recoveryId());
              w.writeValue(Rlp.minimal(signature.r()));
              w.writeValue(Rlp.minimal(signature.s()));
            });
    this.hash = Hashing.keccak256(encoded);
  }

  /**
   * Decodes signed-transaction bytes strictly (canonical RLP, no trailing data, at most {@code
   * maxSize} bytes). The signature is not checked here; call {@link #sender()}.
   */
  public static SignedTransaction decode(Bytes input, int maxSize) {
    if (input.size() > maxSize) {
      throw new EncodingException(
          "transaction is " + input.size() + " bytes, more than the limit of " + maxSize);
    }
    return Rlp.decodeCanonical(
        input, "transaction", SignedTransaction::readFields, SignedTransaction::encoded);
  }

  /** Reads the fields of a signed transaction from inside its RLP list. */
  public static SignedTransaction readFields(RLPReader r) {
    Transaction tx = Transaction.readFields(r);
    long v = Rlp.readUint63(r, "v");
    if (v != 0 && v != 1) {
      throw new EncodingException("v (recovery id) must be 0 or 1, got " + v);
    }
    Bytes32 sigR = Rlp.readScalar32(r, "r");
    Bytes32 sigS = Rlp.readScalar32(r, "s");
    Rlp.requireComplete(r, "transaction");
    return new SignedTransaction(tx, new Signature(sigR, sigS, (int) v));
  }

  public Transaction transaction() {
    return transaction;
  }

  public Signature signature() {
    return signature;
  }

  public Bytes encoded() {
    return encoded;
  }

  public Bytes32 hash() {
    return hash;
  }

  public int size() {
    return encoded.size();
  }

  /**
   * Reuses the sender another copy of this same transaction already recovered (for example the
   * mempool's copy of a transaction that arrives again inside a proposed block), saving a signature
   * recovery. Does nothing if {@code other} is a different transaction or has not recovered its
   * sender yet.
   */
  public void reuseSenderOf(SignedTransaction other) {
    Optional<Address> known = other.sender;
    if (sender == null && known != null && encoded.equals(other.encoded)) {
      sender = known;
    }
  }

  /** The signer's address, or empty if the signature is invalid or not low-s. */
  public Optional<Address> sender() {
    Optional<Address> cached = sender;
    if (cached == null) {
      cached = Secp256k1.recover(transaction.signingHash(), signature).map(PublicKey::address);
      sender = cached;
    }
    return cached;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTransaction other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTransaction[" + hash.toHexString() + "]";
  }
}
