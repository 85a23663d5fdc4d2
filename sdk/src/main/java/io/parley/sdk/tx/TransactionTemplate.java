package io.parley.sdk.tx;

import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A transaction being built: its kind, recipient, value and payload, and the chain fields (chain
 * id, nonce, gas price, gas limit) that are either set here or filled from a node by {@code
 * ParleyClient.complete}. Immutable: each {@code with} method returns a new draft. The encoding it
 * signs is docs/spec/transactions.md.
 */
public record TransactionTemplate(
    TransactionKind kind,
    Optional<Address> to,
    UInt256 value,
    PayloadSource payload,
    OptionalLong chainId,
    OptionalLong nonce,
    Optional<UInt256> gasPrice,
    OptionalLong gasLimit) {

  /**
   * The payload, possibly built for the chain, sender and nonce it is signed with (a secret input
   * binds all three, docs/spec/secret-inputs.md section 3).
   */
  @FunctionalInterface
  public interface PayloadSource {
    Bytes build(long chainId, Address sender, long nonce);

    static PayloadSource of(Bytes payload) {
      Objects.requireNonNull(payload, "payload");
      return (chainId, sender, nonce) -> payload;
    }
  }

  public TransactionTemplate {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(payload, "payload");
    if (kind.requiresRecipient() != to.isPresent()) {
      throw new IllegalArgumentException(
          "a "
              + kind
              + " transaction "
              + (kind.requiresRecipient() ? "needs" : "has no")
              + " 'to'");
    }
  }

  static TransactionTemplate of(
      TransactionKind kind, Optional<Address> to, UInt256 value, PayloadSource payload) {
    return new TransactionTemplate(
        kind,
        to,
        value,
        payload,
        OptionalLong.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        OptionalLong.empty());
  }

  public TransactionTemplate withChainId(long id) {
    return new TransactionTemplate(
        kind, to, value, payload, OptionalLong.of(id), nonce, gasPrice, gasLimit);
  }

  public TransactionTemplate withNonce(long n) {
    return new TransactionTemplate(
        kind, to, value, payload, chainId, OptionalLong.of(n), gasPrice, gasLimit);
  }

  public TransactionTemplate withGasPrice(UInt256 price) {
    return new TransactionTemplate(
        kind, to, value, payload, chainId, nonce, Optional.of(price), gasLimit);
  }

  public TransactionTemplate withGasLimit(long limit) {
    return new TransactionTemplate(
        kind, to, value, payload, chainId, nonce, gasPrice, OptionalLong.of(limit));
  }

  public TransactionTemplate withValue(UInt256 amount) {
    return new TransactionTemplate(kind, to, amount, payload, chainId, nonce, gasPrice, gasLimit);
  }

  /** True when chain id, nonce, gas price and gas limit are all set. */
  public boolean isComplete() {
    return chainId.isPresent() && nonce.isPresent() && gasPrice.isPresent() && gasLimit.isPresent();
  }

  /** The unsigned transaction for {@code sender}; every chain field must be set. */
  public Transaction toTransaction(Address sender) {
    long chain = require(chainId, "chainId");
    long n = require(nonce, "nonce");
    long limit = require(gasLimit, "gasLimit");
    UInt256 price = gasPrice.orElseThrow(() -> new IllegalStateException(missing("gasPrice")));
    return new Transaction(
        chain, n, kind, price, limit, to, value, payload.build(chain, sender, n));
  }

  /** Signs the draft; every chain field must be set (else {@link IllegalStateException}). */
  public SignedTransaction sign(KeyPair key) {
    return toTransaction(key.address()).sign(key);
  }

  private long require(OptionalLong field, String name) {
    return field.orElseThrow(() -> new IllegalStateException(missing(name)));
  }

  private String missing(String name) {
    return "the "
        + kind
        + " draft has no "
        + name
        + ": set it with with"
        + Character.toUpperCase(name.charAt(0))
        + name.substring(1)
        + " or let ParleyClient.complete fill it from the node";
  }
}
