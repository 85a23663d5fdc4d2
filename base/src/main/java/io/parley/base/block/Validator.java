package io.parley.base.block;

import io.parley.base.crypto.PublicKey;
import io.parley.base.types.Address;
import java.util.Objects;

/** A member of the validator set, identified by its secp256k1 key. */
public record Validator(Address address, PublicKey publicKey) {
  public Validator {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(publicKey, "publicKey");
    if (!publicKey.address().equals(address)) {
      throw new IllegalArgumentException("validator address does not match its public key");
    }
  }

  public static Validator of(PublicKey publicKey) {
    return new Validator(publicKey.address(), publicKey);
  }
}
