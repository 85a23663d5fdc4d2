package io.parley.base.crypto;

import io.parley.base.types.Address;

/** A private key with its public key and address, computed once. */
public record KeyPair(PrivateKey privateKey, PublicKey publicKey, Address address) {
  public static KeyPair of(PrivateKey privateKey) {
    PublicKey publicKey = privateKey.publicKey();
    return new KeyPair(privateKey, publicKey, publicKey.address());
  }

  public static KeyPair random() {
    return of(PrivateKey.random());
  }

  @Override
  public String toString() {
    return "KeyPair[address=" + address + "]";
  }
}
