package io.parley.base.encoding;

import java.util.ArrayList;
import java.util.List;
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
    if (!java.util.Arrays.equals(encoder.apply(value).toArrayUnsafe(), input.toArrayUnsafe())) {
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

  /**
   * Splits an encoded RLP list into the full encodings of its items, checking that every length
   * prefix is minimal and that the list spans exactly {@code list}. Linear in the input size
   * (Tuweni's reader is quadratic on long lists, so blocks and receipt lists are split here).
   */
  public static List<Bytes> splitList(Bytes list, String what) {
    int[] header = header(list, 0, what);
    if (header[2] != 1) {
      throw new EncodingException("malformed " + what + ": not an RLP list");
    }
    int start = header[0];
    int end = start + header[1];
    if (end != list.size()) {
      throw new EncodingException("malformed " + what + ": list length does not match the input");
    }
    List<Bytes> items = new ArrayList<>();
    int position = start;
    while (position < end) {
      int[] item = header(list, position, what);
      int itemEnd = item[0] + item[1];
      if (itemEnd > end) {
        throw new EncodingException("malformed " + what + ": item runs past the end of the list");
      }
      items.add(list.slice(position, itemEnd - position));
      position = itemEnd;
    }
    return items;
  }

  /** Returns {payloadStart, payloadLength, isList (0/1)} for the item at {@code offset}. */
  private static int[] header(Bytes input, int offset, String what) {
    if (offset >= input.size()) {
      throw new EncodingException("malformed " + what + ": unexpected end of input");
    }
    int b0 = input.get(offset) & 0xff;
    if (b0 < 0x80) {
      return new int[] {offset, 1, 0};
    }
    if (b0 <= 0xb7) {
      int length = b0 - 0x80;
      if (length == 1 && offset + 1 < input.size() && (input.get(offset + 1) & 0xff) < 0x80) {
        throw new EncodingException(
            "non-canonical " + what + " encoding: single byte below 0x80 with a prefix");
      }
      return checked(input, offset + 1, length, 0, what);
    }
    if (b0 <= 0xbf) {
      return longForm(input, offset, b0 - 0xb7, 0, what);
    }
    if (b0 <= 0xf7) {
      return checked(input, offset + 1, b0 - 0xc0, 1, what);
    }
    return longForm(input, offset, b0 - 0xf7, 1, what);
  }

  private static int[] longForm(
      Bytes input, int offset, int lengthOfLength, int isList, String what) {
    if (offset + 1 + lengthOfLength > input.size() || lengthOfLength > 4) {
      throw new EncodingException("malformed " + what + ": bad length prefix");
    }
    if (input.get(offset + 1) == 0) {
      throw new EncodingException("non-canonical " + what + " encoding: length with leading zero");
    }
    long length = 0;
    for (int i = 0; i < lengthOfLength; i++) {
      length = (length << 8) | (input.get(offset + 1 + i) & 0xff);
    }
    if (length < 56 || length > Integer.MAX_VALUE) {
      throw new EncodingException(
          "non-canonical " + what + " encoding: long form for a short item");
    }
    return checked(input, offset + 1 + lengthOfLength, (int) length, isList, what);
  }

  private static int[] checked(Bytes input, int start, int length, int isList, String what) {
    if ((long) start + length > input.size()) {
      throw new EncodingException("malformed " + what + ": item runs past the end of the input");
    }
    return new int[] {start, length, isList};
  }

  public static void requireComplete(RLPReader reader, String what) {
    if (!reader.isComplete()) {
      throw new EncodingException(what + " has unexpected trailing fields");
    }
  }
}
