package io.parley.base.tx;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.Secp256k1;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The unsigned part of a transaction. Its canonical encoding and signing hash are specified in
 * docs/spec/transactions.md.
 */
public record Transaction(
    long chainId,
    long nonce,
    TransactionKind kind,
    UInt256 gasPrice,
    long gasLimit,
    Optional<Address> to,
    UInt256 value,
    Bytes payload) {

  /** Domain separator prefixed to the encoding before hashing for a signature. */
  public static final Bytes SIGNING_DOMAIN =
      Bytes.wrap("parley-tx-v1".getBytes(StandardCharsets.US_ASCII));

  public Transaction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(gasPrice, "gasPrice");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(payload, "payload");
    if (chainId < 0 || nonce < 0 || gasLimit < 0) {
      throw new IllegalArgumentException("chainId, nonce and gasLimit must be non-negative");
    }
    if (kind.requiresRecipient() != to.isPresent()) {
      throw new IllegalArgumentException(
          kind
              + (kind.requiresRecipient()
                  ? " requires a recipient"
                  : " must not have a recipient"));
    }
  }

  public static Transaction transfer(
      long chainId, long nonce, Address to, UInt256 value, UInt256 gasPrice, long gasLimit) {
    return new Transaction(
        chainId,
        nonce,
        TransactionKind.TRANSFER,
        gasPrice,
        gasLimit,
        Optional.of(to),
        value,
        Bytes.EMPTY);
  }

  /** RLP([chainId, nonce, kind, gasPrice, gasLimit, to, value, payload]). */
  public Bytes encode() {
    return RLP.encodeList(this::writeFields);
  }

  void writeFields(RLPWriter w) {
    w.writeLong(chainId);
    w.writeLong(nonce);
    w.writeLong(kind.code());
    w.writeValue(Rlp.minimal(gasPrice));
    w.writeLong(gasLimit);
    w.writeValue(to.map(Address::bytes).orElse(Bytes.EMPTY));
    w.writeValue(Rlp.minimal(value));
    w.writeValue(payload);
  }

  static Transaction readFields(RLPReader r) {
    long chainId = Rlp.readUint63(r, "chainId");
    long nonce = Rlp.readUint63(r, "nonce");
    TransactionKind kind = TransactionKind.fromCode(Rlp.readUint63(r, "kind"));
    UInt256 gasPrice = Rlp.readUint256(r, "gasPrice");
    long gasLimit = Rlp.readUint63(r, "gasLimit");
    Bytes toBytes = r.readValue();
    Optional<Address> to;
    if (toBytes.isEmpty()) {
      to = Optional.empty();
    } else if (toBytes.size() == Address.SIZE) {
      to = Optional.of(new Address(toBytes));
    } else {
      throw new EncodingException("to must be empty or 20 bytes, got " + toBytes.size());
    }
    if (kind.requiresRecipient() != to.isPresent()) {
      throw new EncodingException(
          kind
              + (kind.requiresRecipient()
                  ? " requires a recipient"
                  : " must not have a recipient"));
    }
    UInt256 value = Rlp.readUint256(r, "value");
    Bytes payload = r.readValue();
    return new Transaction(chainId, nonce, kind, gasPrice, gasLimit, to, value, payload);
  }

  /** keccak256("parley-tx-v1" || encode()): the 32 bytes the sender signs. */
  public Bytes32 signingHash() {
    return Hashing.keccak256(SIGNING_DOMAIN, encode());
  }

  public SignedTransaction sign(PrivateKey key) {
    return new SignedTransaction(this, Secp256k1.sign(signingHash(), key));
  }

  public SignedTransaction sign(KeyPair keyPair) {
    return sign(keyPair.privateKey());
  }

  /** The most the sender can be charged: value + gasLimit * gasPrice, or empty on overflow. */
  public Optional<UInt256> maxCost() {
    try {
      UInt256 gasCost = Amounts.multiplyExact(gasPrice, gasLimit);
      return Optional.of(Amounts.addExact(value, gasCost));
    } catch (ArithmeticException overflow) {
      return Optional.empty();
    }
  }
}
