package io.parley.base.types;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A 20-byte account address. An account's address is derived from its key by {@code
 * PublicKey.address()}: the last 20 bytes of keccak256(uncompressed public key X || Y).
 */
public record Address(Bytes bytes) implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(Bytes.wrap(new byte[SIZE]));

  public Address {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException("address must be 20 bytes, got " + bytes.size());
    }
  }

  /** Parses 0x-prefixed (or bare) hex of exactly 20 bytes. */
  public static Address fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    String trimmed = hex.trim();
    String digits =
        trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.substring(2) : trimmed;
    if (digits.length() != SIZE * 2) {
      throw new IllegalArgumentException("address must be 40 hex digits, got " + digits.length());
    }
    return new Address(Bytes.fromHexString(digits));
  }

  public String toHexString() {
    return bytes.toHexString();
  }

  @Override
  public int compareTo(Address other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
