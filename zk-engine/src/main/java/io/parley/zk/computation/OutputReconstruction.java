package io.parley.zk.computation;

import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.Shamir;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recipient's side of a private output (docs/spec/private-outputs.md section 4): the values from
 * the members' share bytes ({@link ShareVector#encode()}), with some members missing. Shamir: every
 * member's shares are Reed-Solomon decoded (t wrong members corrected); from 2t+1 to n−1 members,
 * the first t+1 interpolate and every other must agree (a wrong share is detected, not corrected).
 * Replicated (4 members): each of the four components must be held, equal, by at least two of the
 * members present. Values come out as signed integers (two's complement of the output's width is
 * the reader's to apply), as the engine's own reconstruction does.
 */
public final class OutputReconstruction {
  private OutputReconstruction() {}

  /** The format named {@code id} ({@code zk_getCommittee}'s {@code sharing}). */
  public static InputFormat format(String id) {
    if (id.equals(new ShamirFormat().name())) {
      return new ShamirFormat();
    }
    if (id.equals(new ReplicatedFormat().name())) {
      return new ReplicatedFormat();
    }
    throw new IllegalArgumentException("unknown sharing " + id);
  }

  /**
   * The values from {@code shares} (member index → share bytes) of an {@code n}-member committee.
   */
  public static BigInteger[] reconstruct(InputFormat format, int n, Map<Integer, byte[]> shares) {
    Map<Integer, byte[]> present = new TreeMap<>(shares);
    present.keySet().forEach(j -> requireMember(j, n));
    return switch (format) {
      case ShamirFormat s -> shamir(s, n, present);
      case ReplicatedFormat r -> replicated(n, present);
    };
  }

  /**
   * The values read as an output of circuit IR type {@code type} (private-outputs.md section 4,
   * step 3): each is mapped into the type's range modulo 2^width, so a replicated sharing's 64-bit
   * sum of a u64 output with its top bit set reads as the unsigned value, not a negative one.
   */
  public static BigInteger[] asType(BigInteger[] values, String type) {
    return asType(values, io.parley.zk.circuit.ValueType.parse(type, "output"));
  }

  /** {@link #asType(BigInteger[], String)} for a parsed type. */
  public static BigInteger[] asType(BigInteger[] values, io.parley.zk.circuit.ValueType t) {
    io.parley.zk.circuit.Interval range = t.scalar().interval();
    BigInteger modulus = BigInteger.ONE.shiftLeft(t.width());
    BigInteger[] out = new BigInteger[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].subtract(range.lo()).mod(modulus).add(range.lo());
    }
    return out;
  }

  private static BigInteger[] shamir(ShamirFormat format, int n, Map<Integer, byte[]> present) {
    int t = (n - 1) / 3;
    if (present.size() < 2 * t + 1) {
      throw new IllegalArgumentException(
          "need the shares of at least " + (2 * t + 1) + " members, have " + present.size());
    }
    Map<Integer, FieldElement[]> byMember = new TreeMap<>();
    int length = -1;
    for (var e : present.entrySet()) {
      byte[] b = e.getValue();
      if (b.length % FieldElement.BYTES != 0 || (length >= 0 && b.length / 16 != length)) {
        throw new IllegalArgumentException("member " + e.getKey() + "'s shares have a wrong size");
      }
      length = b.length / FieldElement.BYTES;
      ByteBuffer in = ByteBuffer.wrap(b);
      FieldElement[] values = new FieldElement[length];
      for (int i = 0; i < length; i++) {
        values[i] = new FieldElement(in.getLong(), in.getLong());
        if (values[i].toBigInteger().compareTo(FieldElement.MODULUS) >= 0) {
          throw new IllegalArgumentException(
              "member " + e.getKey() + " sent a non-canonical share");
        }
      }
      byMember.put(e.getKey(), values);
    }
    if (present.size() == n) {
      List<ShareVector> all = new ArrayList<>();
      byMember.values().forEach(v -> all.add(new ShareVector.Field(v)));
      return format.reconstruct(all);
    }
    List<Integer> members = new ArrayList<>(byMember.keySet());
    int[] base = members.subList(0, t + 1).stream().mapToInt(Integer::intValue).toArray();
    FieldElement[] atZero = Shamir.lagrangeCoefficients(base, FieldElement.ZERO);
    BigInteger[] out = new BigInteger[length];
    for (int k = t + 1; k < members.size(); k++) {
      int other = members.get(k);
      FieldElement[] at = Shamir.lagrangeCoefficients(base, Shamir.point(other));
      for (int i = 0; i < length; i++) {
        if (!combine(at, base, byMember, i).equals(byMember.get(other)[i])) {
          throw new IllegalArgumentException(
              "the members' shares of element " + i + " are inconsistent (a wrong share)");
        }
      }
    }
    for (int i = 0; i < length; i++) {
      out[i] = combine(atZero, base, byMember, i).toSignedBigInteger();
    }
    return out;
  }

  private static FieldElement combine(
      FieldElement[] coefficients, int[] base, Map<Integer, FieldElement[]> byMember, int i) {
    FieldElement sum = FieldElement.ZERO;
    for (int b = 0; b < base.length; b++) {
      sum = sum.add(coefficients[b].multiply(byMember.get(base[b])[i]));
    }
    return sum;
  }

  private static BigInteger[] replicated(int n, Map<Integer, byte[]> present) {
    if (n != 4) {
      throw new IllegalArgumentException("replicated shares need 4 members, not " + n);
    }
    int length = -1;
    Map<Integer, long[][]> held = new TreeMap<>();
    for (var e : present.entrySet()) {
      byte[] b = e.getValue();
      if (b.length % 24 != 0 || (length >= 0 && b.length / 24 != length)) {
        throw new IllegalArgumentException("member " + e.getKey() + "'s shares have a wrong size");
      }
      length = b.length / 24;
      long[][] components = new long[4][];
      ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int c = 0; c < 4; c++) {
        components[c] = c == e.getKey() ? null : new long[length];
      }
      for (int i = 0; i < length; i++) {
        for (int c = 0; c < 4; c++) {
          if (c != e.getKey()) {
            components[c][i] = in.getLong();
          }
        }
      }
      held.put(e.getKey(), components);
    }
    long[] sum = new long[Math.max(length, 0)];
    for (int c = 0; c < 4; c++) {
      List<long[]> copies = new ArrayList<>();
      for (var e : held.entrySet()) {
        if (e.getKey() != c) {
          copies.add(e.getValue()[c]);
        }
      }
      if (copies.size() < 2) {
        throw new IllegalArgumentException(
            "component " + c + " is held by fewer than two of the members present");
      }
      for (int i = 0; i < sum.length; i++) {
        for (long[] copy : copies) {
          if (copy[i] != copies.get(0)[i]) {
            throw new IllegalArgumentException(
                "the members' copies of component " + c + " differ (a wrong share)");
          }
        }
        sum[i] += copies.get(0)[i];
      }
    }
    BigInteger[] out = new BigInteger[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = BigInteger.valueOf(sum[i]);
    }
    return out;
  }

  private static void requireMember(int j, int n) {
    if (j < 0 || j >= n) {
      throw new IllegalArgumentException("no member " + j + " in a committee of " + n);
    }
  }
}
