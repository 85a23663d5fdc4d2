package io.parley.base.crypto;

import io.parley.base.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * An uncompressed secp256k1 public key as the 64 bytes X || Y (without the 0x04 prefix), the form
 * Ethereum tools use. The address is the last 20 bytes of keccak256 of these 64 bytes.
 */
public record PublicKey(Bytes bytes) {
  public static final int SIZE = 64;

  public PublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException("public key must be 64 bytes, got " + bytes.size());
    }
  }

  public static PublicKey fromHex(String hex) {
    Bytes raw = Bytes.fromHexString(hex.trim());
    if (raw.size() == 65 && raw.get(0) == 0x04) {
      raw = raw.slice(1);
    }
    return new PublicKey(raw);
  }

  /** The account address of this key: the last 20 bytes of keccak256(X || Y). */
  public Address address() {
    Bytes hash = Hashing.keccak256(bytes);
    return new Address(hash.slice(hash.size() - Address.SIZE).copy());
  }

  /** The 65-byte SEC1 uncompressed encoding (0x04 || X || Y). */
  public byte[] toUncompressedSec1() {
    byte[] out = new byte[65];
    out[0] = 0x04;
    System.arraycopy(bytes.toArrayUnsafe(), 0, out, 1, SIZE);
    return out;
  }

  public String toHexString() {
    return bytes.toHexString();
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
