package io.parley.zk.inputs;

import io.parley.zk.computation.ShareVector;
import io.parley.zk.field.FieldElement;
import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The two sharings of secret-inputs.md section 2 and member j's plaintext: {@code tag || u16(d) ||
 * shares || salt}, with rep4's three component salts before the salt (they open the component
 * commitments D_k of section 3, item 4b). A Shamir element carries one more value than its fields,
 * its check mask (section 6), so d counts the masks too: {@link #dealt}.
 */
public enum PlainFormat {
  SHAMIR("shamir-gf127/1", 0x04, 16),
  REPLICATED("replicated-z2^64/1", 0x03, 24);

  static final BigInteger P = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
  static final int SALT = 32;

  /** rep4: the component salts r_k for the three components a member holds. */
  private static final int COMPONENT_SALTS = 3 * SALT;

  public static final int MAX_VALUES = 64;

  private final String id;
  private final int tag;
  private final int bytesPerValue;

  PlainFormat(String id, int tag, int bytesPerValue) {
    this.id = id;
    this.tag = tag;
    this.bytesPerValue = bytesPerValue;
  }

  public String id() {
    return id;
  }

  public static PlainFormat byId(String id) {
    for (PlainFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new SecretInputException("unknown sharing format '" + id + "'");
  }

  /**
   * The values a plaintext holds for an element of {@code m} fields: m, and for Shamir one more,
   * the element's check mask (secret-inputs.md section 2), dealt after the element's fields.
   */
  public int dealt(int m) {
    return this == SHAMIR ? m + 1 : m;
  }

  /** An element's m field shares out of its {@link #dealt} shares (a Shamir mask dropped). */
  public ShareVector fields(ShareVector dealt, int m) {
    return this == SHAMIR
        ? new ShareVector.Field(Arrays.copyOf(((ShareVector.Field) checked(dealt, m)).shares(), m))
        : checked(dealt, m);
  }

  /** A Shamir element's share of its check mask (its last dealt value); empty for rep4. */
  public Optional<ShareVector> mask(ShareVector dealt, int m) {
    if (this != SHAMIR) {
      return Optional.empty();
    }
    FieldElement[] all = ((ShareVector.Field) checked(dealt, m)).shares();
    return Optional.of(new ShareVector.Field(new FieldElement[] {all[m]}));
  }

  private ShareVector checked(ShareVector dealt, int m) {
    if (dealt.length() != dealt(m)) {
      throw new SecretInputException(
          "expected " + dealt(m) + " dealt values, got " + dealt.length());
    }
    return dealt;
  }

  /** The number of values a plaintext of {@code plainLength} bytes holds, or -1. */
  public int values(int plainLength) {
    int body = plainLength - 3 - SALT - extra();
    return body > 0 && body % bytesPerValue == 0 ? body / bytesPerValue : -1;
  }

  /** |plain_j| for m values. */
  public int plainLength(int m) {
    return 3 + bytesPerValue * m + extra() + SALT;
  }

  private int extra() {
    return this == REPLICATED ? COMPONENT_SALTS : 0;
  }

  /**
   * rep4: the component commitments D_0..D_3 of a dealing, each from a plaintext of a holder of
   * that component (the lowest j != k); empty for Shamir. For a consistent dealing every holder's
   * plaintext gives the same D_k.
   */
  public List<Bytes32> commitments(Bytes32 context, List<byte[]> plains) {
    if (this != REPLICATED) {
      return List.of();
    }
    List<Bytes32> out = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      int holder = k == 0 ? 1 : 0;
      out.add(Envelope.component(context, k, component(plains.get(holder), holder, k)));
    }
    return out;
  }

  /**
   * rep4: component k as member j's plaintext holds it, x_{1,k} || ... || x_{M,k} || r_k (the bytes
   * D_k commits to); the plaintext's length has been checked.
   */
  static byte[] component(byte[] plain, int j, int k) {
    int m = (plain.length - 3 - COMPONENT_SALTS - SALT) / 24;
    int slot = k < j ? k : k - 1;
    ByteBuffer out = ByteBuffer.allocate(8 * m + SALT);
    for (int i = 0; i < m; i++) {
      out.put(plain, 3 + 24 * i + 8 * slot, 8);
    }
    out.put(plain, 3 + 24 * m + SALT * slot, SALT);
    return out.array();
  }

  /**
   * Every member's plaintext for {@code values} (as signed or unsigned integers; bool as 0/1),
   * drawing randomness in the spec's order: coefficients or components value by value, then salts.
   */
  public List<byte[]> deal(
      List<BigInteger> values, int members, int threshold, RandomBytes random) {
    if (values.isEmpty() || values.size() > MAX_VALUES) {
      throw new SecretInputException(
          "an input has 1.." + MAX_VALUES + " values, got " + values.size());
    }
    return dealAll(values, values.size(), members, threshold, random);
  }

  /**
   * The same for the m x count values of an off-chain input (secret-inputs.md section 9), element
   * by element ({@code m} values each, and for Shamir each element's mask after them): one
   * plaintext per member, its u16 the total count of values dealt.
   */
  public List<byte[]> dealAll(
      List<BigInteger> values, int m, int members, int threshold, RandomBytes random) {
    if (m < 1 || values.isEmpty() || values.size() % m != 0) {
      throw new SecretInputException("elements of " + m + " values, got " + values.size());
    }
    int d = dealt(m) * (values.size() / m);
    if (d > 65_535) {
      throw new SecretInputException("a plaintext holds 1..65535 values, got " + d);
    }
    List<ByteBuffer> plains = new ArrayList<>();
    for (int j = 0; j < members; j++) {
      ByteBuffer b = ByteBuffer.allocate(plainLength(d));
      b.put((byte) tag).putShort((short) d);
      plains.add(b);
    }
    for (int i = 0; i < values.size(); i++) {
      BigInteger v = values.get(i);
      if (this == SHAMIR) {
        share(v, plains, threshold, random);
        if (i % m == m - 1) {
          share(coefficient(random), plains, threshold, random); // the element's check mask
        }
      } else {
        long[] x = new long[4];
        for (int k = 0; k < 3; k++) {
          x[k] = ByteBuffer.wrap(random.next(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        x[3] = v.longValue() - x[0] - x[1] - x[2];
        for (int j = 0; j < members; j++) {
          for (int k = 0; k < 4; k++) {
            if (k != j) {
              plains
                  .get(j)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putLong(x[k])
                  .order(ByteOrder.BIG_ENDIAN);
            }
          }
        }
      }
    }
    if (this == REPLICATED) {
      byte[][] componentSalts = new byte[4][];
      for (int k = 0; k < 4; k++) {
        componentSalts[k] = random.next(SALT);
      }
      for (int j = 0; j < members; j++) {
        for (int k = 0; k < 4; k++) {
          if (k != j) {
            plains.get(j).put(componentSalts[k]);
          }
        }
      }
    }
    List<byte[]> out = new ArrayList<>();
    for (ByteBuffer b : plains) {
      b.put(random.next(SALT));
      out.add(b.array());
    }
    return out;
  }

  /** Shamir: deals v with t fresh coefficients, one share to each member's plaintext. */
  private static void share(
      BigInteger v, List<ByteBuffer> plains, int threshold, RandomBytes random) {
    BigInteger[] coefficients = new BigInteger[threshold];
    for (int k = 0; k < threshold; k++) {
      coefficients[k] = coefficient(random);
    }
    for (int j = 0; j < plains.size(); j++) {
      BigInteger x = BigInteger.valueOf(j + 1L);
      BigInteger s = BigInteger.ZERO;
      for (int k = threshold - 1; k >= 0; k--) {
        s = s.add(coefficients[k]).multiply(x).mod(P);
      }
      s = s.add(v.mod(P)).mod(P);
      plains.get(j).put(Curve.scalar32(s).slice(16, 16).toArrayUnsafe());
    }
  }

  private static BigInteger coefficient(RandomBytes random) {
    while (true) {
      byte[] raw = random.next(16);
      raw[0] &= 0x7f;
      BigInteger c = new BigInteger(1, raw);
      if (!c.equals(P)) {
        return c;
      }
    }
  }

  /**
   * The plaintext a member keeps for shares it did not receive from the dealer but recovered when
   * it took a seat over (ADR 0056): the same layout as a dealt one, {@link ShareVector#encode()}'s
   * bytes as the shares, and a salt of zeros (a recovered plaintext opens no commitment).
   */
  public byte[] ofShares(ShareVector shares) {
    byte[] body = shares.encode();
    int m = shares.length();
    if (body.length != bytesPerValue * m
        || (this == SHAMIR) != (shares instanceof ShareVector.Field)) {
      throw new IllegalArgumentException("shares are not in format " + id);
    }
    return ByteBuffer.allocate(plainLength(m))
        .put((byte) tag)
        .putShort((short) m)
        .put(body)
        .array();
  }

  /**
   * Element {@code e}'s plaintext (of {@code m} values) cut from an off-chain input's plaintext of
   * m x count values: the same layout as a dealt one with a salt of zeros, as {@link #ofShares}
   * makes (it opens no commitment; the whole plaintext does).
   */
  public byte[] element(byte[] plain, int m, int e) {
    int from = 3 + e * m * bytesPerValue;
    return ByteBuffer.allocate(plainLength(m))
        .put((byte) tag)
        .putShort((short) m)
        .put(plain, from, m * bytesPerValue)
        .array();
  }

  /**
   * Member {@code self}'s shares from its plaintext, or a reason it is malformed (wrong tag, count
   * or length; a Shamir element not below p).
   */
  public ShareVector parse(byte[] plain, int m, int self) {
    if (plain.length != plainLength(m)) {
      throw new SecretInputException(
          "plaintext has " + plain.length + " bytes, expected " + plainLength(m));
    }
    ByteBuffer b = ByteBuffer.wrap(plain);
    if ((b.get() & 0xff) != tag) {
      throw new SecretInputException("plaintext is not in format " + id);
    }
    if ((b.getShort() & 0xffff) != m) {
      throw new SecretInputException("plaintext does not hold " + m + " values");
    }
    if (this == SHAMIR) {
      FieldElement[] shares = new FieldElement[m];
      for (int i = 0; i < m; i++) {
        byte[] e = new byte[16];
        b.get(e);
        BigInteger s = new BigInteger(1, e);
        if (s.compareTo(P) >= 0) {
          throw new SecretInputException("share " + i + " is not below p");
        }
        shares[i] = FieldElement.of(s);
      }
      return new ShareVector.Field(shares);
    }
    long[][] components = new long[4][m];
    b.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < 4; k++) {
        if (k != self) {
          components[k][i] = b.getLong();
        }
      }
    }
    components[self] = null;
    return new ShareVector.Replicated(Shares.of(self, components));
  }
}
