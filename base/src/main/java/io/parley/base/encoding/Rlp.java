package io.parley.base.encoding;

import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Strict RLP decoding on top of Tuweni: a decoded value must re-encode to exactly the input bytes,
 * so every structure has one encoding and one hash (docs/adr/0002-canonical-encoding.md).
 */
public final class Rlp {
  private Rlp() {}

  /**
   * Decodes a top-level list with {@code reader}, requires the whole input to be consumed, and
   * checks canonicality by re-encoding with {@code encoder}.
   */
  public static <T> T decodeCanonical(
      Bytes input, String what, Function<RLPReader, T> reader, Function<T, Bytes> encoder) {
    T value;
    try {
      value = RLP.decodeList(input, reader);
    } catch (RLPException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new EncodingException("malformed " + what + ": " + e.getMessage(), e);
    }
    if (!encoder.apply(value).equals(input)) {
      throw new EncodingException("non-canonical " + what + " encoding");
    }
    return value;
  }

  /** Reads a scalar that must fit in a signed 63-bit long (values >= 2^63 are rejected). */
  public static long readUint63(RLPReader reader, String field) {
    Bytes raw = reader.readValue();
    if (raw.size() > 8 || (raw.size() == 8 && (raw.get(0) & 0x80) != 0)) {
      throw new EncodingException(field + " does not fit in 63 bits");
    }
    if (raw.size() > 0 && raw.get(0) == 0) {
      throw new EncodingException(field + " has leading zero bytes");
    }
    return raw.isEmpty() ? 0 : raw.toLong();
  }

  public static UInt256 readUint256(RLPReader reader, String field) {
    Bytes raw = reader.readValue();
    if (raw.size() > 32) {
      throw new EncodingException(field + " does not fit in 256 bits");
    }
    if (raw.size() > 0 && raw.get(0) == 0) {
      throw new EncodingException(field + " has leading zero bytes");
    }
    return UInt256.fromBytes(raw);
  }

  public static Bytes32 readBytes32(RLPReader reader, String field) {
    Bytes raw = reader.readValue();
    if (raw.size() != 32) {
      throw new EncodingException(field + " must be 32 bytes, got " + raw.size());
    }
    return Bytes32.wrap(raw);
  }

  /** Writes a uint256 as a minimal big-endian scalar (0 is the empty string). */
  public static Bytes minimal(UInt256 value) {
    return value.toMinimalBytes();
  }

  /** A 32-byte value as a scalar without leading zeros (signature r and s). */
  public static Bytes minimal(Bytes32 value) {
    return value.trimLeadingZeros();
  }

  public static Bytes32 readScalar32(RLPReader reader, String field) {
    Bytes raw = reader.readValue();
    if (raw.size() > 32) {
      throw new EncodingException(field + " is longer than 32 bytes");
    }
    if (raw.size() > 0 && raw.get(0) == 0) {
      throw new EncodingException(field + " has leading zero bytes");
    }
    return Bytes32.leftPad(raw);
  }

  public static void requireComplete(RLPReader reader, String what) {
    if (!reader.isComplete()) {
      throw new EncodingException(what + " has unexpected trailing fields");
    }
  }
}
