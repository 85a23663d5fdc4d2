package io.parley.zk.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Lockstep;
import io.parley.zk.testing.TrustedDealer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolsAgainstPlaintextTest {
  private static final long SEED = 31337L;

  /** Runs op on every party with shares of the inputs and returns the opened outputs. */
  interface Op
      extends Function<
          Comparisons,
          Function<SecureArithmetic, Function<FieldElement[][], Program<FieldElement[]>>>> {}

  private static List<BigInteger> evaluate(int n, List<long[]> inputs, Op op) {
    return evaluate(n, false, inputs, op);
  }

  private static List<BigInteger> evaluate(int n, boolean unsigned, List<long[]> inputs, Op op) {
    SplittableRandom random = new SplittableRandom(SEED + n);
    TrustedDealer dealer = new TrustedDealer(n, SEED);
    int t = (n - 1) / 3;
    int columns = inputs.get(0).length;
    FieldElement[][][] shares = new FieldElement[n][columns][inputs.size()];
    for (int row = 0; row < inputs.size(); row++) {
      for (int col = 0; col < columns; col++) {
        long value = inputs.get(row)[col];
        FieldElement secret = unsigned ? FieldElement.ofUnsigned(value) : FieldElement.of(value);
        FieldElement[] s = Shamir.share(secret, t, n, random);
        for (int i = 0; i < n; i++) {
          shares[i][col][row] = s[i];
        }
      }
    }
    List<Program<FieldElement[]>> programs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SecureArithmetic arithmetic =
          new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      programs.add(op.apply(new Comparisons(arithmetic)).apply(arithmetic).apply(shares[i]));
    }
    Lockstep.Run<FieldElement[]> run = Lockstep.run(programs);
    ReedSolomon rs = new ReedSolomon(n, t);
    List<BigInteger> out = new ArrayList<>();
    for (int v = 0; v < run.results().get(0).length; v++) {
      FieldElement[] column = new FieldElement[n];
      for (int i = 0; i < n; i++) {
        column[i] = run.results().get(i)[v];
      }
      out.add(rs.decode(column).orElseThrow().value().toSignedBigInteger());
    }
    return out;
  }

  private static List<long[]> pairs(int bits, boolean signed) {
    SplittableRandom random = new SplittableRandom(SEED * bits);
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (signed ? bits - 1 : bits)) - 1;
    long min = signed ? -max - 1 : 0;
    List<long[]> list = new ArrayList<>();
    long[] edges = {0, 1, max, min, max - 1, min + 1};
    for (long a : edges) {
      for (long b : edges) {
        list.add(new long[] {a, b});
      }
    }
    for (int i = 0; i < 30; i++) {
      long a = min + (long) (random.nextDouble() * ((double) max - min));
      long b = random.nextBoolean() ? a : min + (long) (random.nextDouble() * ((double) max - min));
      list.add(new long[] {a, b});
    }
    return list;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void multiplicationAndSelectMatchPlaintext(int n) {
    List<long[]> in = pairs(32, true);
    List<BigInteger> products = evaluate(n, in, c -> a -> s -> a.multiply(s[0], s[1]));
    for (int i = 0; i < in.size(); i++) {
      assertThat(products.get(i))
          .as("seed %d: %d*%d", SEED, in.get(i)[0], in.get(i)[1])
          .isEqualTo(BigInteger.valueOf(in.get(i)[0]).multiply(BigInteger.valueOf(in.get(i)[1])));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void innerProductsAndSelectMatchPlaintext(int n) {
    List<long[]> in = pairs(20, true);
    List<BigInteger> dots =
        evaluate(
            n,
            in,
            c ->
                a ->
                    s -> {
                      FieldElement[][] rows = new FieldElement[s[0].length][];
                      FieldElement[][] cols = new FieldElement[s[0].length][];
                      for (int i = 0; i < rows.length; i++) {
                        rows[i] = new FieldElement[] {s[0][i], s[1][i], s[0][i]};
                        cols[i] = new FieldElement[] {s[1][i], s[1][i], FieldElement.of(3)};
                      }
                      return a.innerProducts(rows, cols);
                    });
    List<BigInteger> selected =
        evaluate(
            n,
            in,
            c ->
                a ->
                    s ->
                        c.lessThanZero(Vectors.subtract(s[0], s[1]), 22)
                            .then(lt -> a.select(lt, s[0], s[1])));
    for (int i = 0; i < in.size(); i++) {
      long x = in.get(i)[0];
      long y = in.get(i)[1];
      assertThat(dots.get(i).longValue()).as("dot %d %d", x, y).isEqualTo(x * y + y * y + 3 * x);
      assertThat(selected.get(i).longValue()).as("min %d %d", x, y).isEqualTo(Math.min(x, y));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void lessThanMatchesPlaintextOnSigned32Bit(int n) {
    List<long[]> in = pairs(32, true);
    List<BigInteger> lt =
        evaluate(n, in, c -> a -> s -> c.lessThanZero(Vectors.subtract(s[0], s[1]), 33));
    for (int i = 0; i < in.size(); i++) {
      long x = in.get(i)[0];
      long y = in.get(i)[1];
      assertThat(lt.get(i).intValue()).as("seed %d: %d<%d", SEED, x, y).isEqualTo(x < y ? 1 : 0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void lessThanMatchesPlaintextOnUnsigned64Bit(int n) {
    List<long[]> in = new ArrayList<>();
    in.add(new long[] {0, -1L});
    in.add(new long[] {-1L, -1L});
    in.add(new long[] {-1L, 0});
    in.add(new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
    in.add(new long[] {123, 122});
    List<BigInteger> lt =
        evaluate(n, true, in, c -> a -> s -> c.lessThanZero(Vectors.subtract(s[0], s[1]), 65));
    for (int i = 0; i < in.size(); i++) {
      long x = in.get(i)[0];
      long y = in.get(i)[1];
      assertThat(lt.get(i).intValue())
          .as("%s<%s", Long.toUnsignedString(x), Long.toUnsignedString(y))
          .isEqualTo(Long.compareUnsigned(x, y) < 0 ? 1 : 0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void equalityMatchesPlaintext(int n) {
    List<long[]> in = pairs(64, true);
    List<BigInteger> eq =
        evaluate(n, in, c -> a -> s -> c.equalsZero(Vectors.subtract(s[0], s[1]), 65));
    for (int i = 0; i < in.size(); i++) {
      long x = in.get(i)[0];
      long y = in.get(i)[1];
      assertThat(eq.get(i).intValue()).as("seed %d: %d==%d", SEED, x, y).isEqualTo(x == y ? 1 : 0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void bitDecompositionMatchesTwosComplement(int n) {
    List<long[]> in = pairs(16, true);
    int w = 16;
    List<BigInteger> bits =
        evaluate(
            n,
            in,
            c ->
                a ->
                    s ->
                        c.bits(s[0], 16, w)
                            .map(
                                rows -> {
                                  FieldElement[] flat = new FieldElement[rows.length * w];
                                  for (int e = 0; e < rows.length; e++) {
                                    System.arraycopy(rows[e], 0, flat, e * w, w);
                                  }
                                  return flat;
                                }));
    for (int e = 0; e < in.size(); e++) {
      long v = in.get(e)[0];
      for (int i = 0; i < w; i++) {
        assertThat(bits.get(e * w + i).intValue())
            .as("bit %d of %d", i, v)
            .isEqualTo((int) ((v >>> i) & 1));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrapAndDivisionMatchPlaintext(int n) {
    List<long[]> in = pairs(32, true);
    List<BigInteger> wrapped = evaluate(n, in, c -> a -> s -> c.wrap(s[0], int32(8, true)));
    List<BigInteger> unsignedWrap = evaluate(n, in, c -> a -> s -> c.wrap(s[0], int32(8, false)));
    List<BigInteger> div8 =
        evaluate(n, in, c -> a -> s -> c.dividePublic(s[0], 32, BigInteger.valueOf(8)));
    List<BigInteger> div7 =
        evaluate(n, in, c -> a -> s -> c.dividePublic(s[0], 32, BigInteger.valueOf(7)));
    for (int i = 0; i < in.size(); i++) {
      long v = in.get(i)[0];
      assertThat(wrapped.get(i).longValue()).as("wrap i8 %d", v).isEqualTo((long) (byte) v);
      assertThat(unsignedWrap.get(i).longValue()).as("wrap u8 %d", v).isEqualTo(v & 0xff);
      assertThat(div8.get(i).longValue()).as("%d / 8", v).isEqualTo(Math.floorDiv(v, 8));
      assertThat(div7.get(i).longValue()).as("%d / 7", v).isEqualTo(Math.floorDiv(v, 7));
    }
  }

  /**
   * Divisors of at least 2^(k-1) leave quotients -1 and 0 only; the validator admits powers of two
   * up to 2^124 on 81-bit operands and other divisors up to 2^125 on 37-bit ones.
   */
  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void divisionsByDivisorsAsWideAsTheOperandMatchPlaintext(int n) {
    List<long[]> in = pairs(32, true);
    BigInteger two = BigInteger.TWO;
    BigInteger[] divisors = {
      two.pow(30),
      two.pow(31),
      two.pow(31).add(BigInteger.ONE),
      two.pow(40).add(BigInteger.ONE),
      two.pow(124),
      two.pow(125).subtract(BigInteger.ONE)
    };
    for (BigInteger d : divisors) {
      List<BigInteger> q = evaluate(n, in, c -> a -> s -> c.dividePublic(s[0], 32, d));
      for (int i = 0; i < in.size(); i++) {
        BigInteger v = BigInteger.valueOf(in.get(i)[0]);
        BigInteger expected =
            v.signum() < 0 ? v.add(BigInteger.ONE).divide(d).subtract(BigInteger.ONE) : v.divide(d);
        assertThat(q.get(i)).as("%d / %d", v, d).isEqualTo(expected);
      }
    }
    long[][] wide = {{Long.MIN_VALUE, 0}, {Long.MAX_VALUE, 131071}, {-1, 131071}, {0, 0}, {3, 5}};
    FieldElement shift = FieldElement.powerOfTwo(17);
    for (int j : new int[] {79, 80, 90, 124}) {
      List<BigInteger> q =
          evaluate(
              n,
              Arrays.asList(wide),
              c ->
                  a ->
                      s ->
                          c.dividePublic(
                              Vectors.add(Vectors.scale(s[0], shift), s[1]), 81, two.pow(j)));
      for (int i = 0; i < wide.length; i++) {
        BigInteger v =
            BigInteger.valueOf(wide[i][0]).shiftLeft(17).add(BigInteger.valueOf(wide[i][1]));
        assertThat(q.get(i)).as("%d / 2^%d", v, j).isEqualTo(v.shiftRight(j));
      }
    }
  }

  private static WrapPlan int32(int w, boolean signed) {
    return WrapPlan.of(
        BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE), w, signed);
  }

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(CircuitValidator.COMPARE_BITS);

  /**
   * Operands x * 2^17 + y (x an i64, y a u17) reach both ends of [-2^80, 2^80), the widest range
   * the validator admits for a wrap: a signed wrap's shift by 2^(w-1) fits no side there, so it
   * takes the top bit; on [0, 2^80) it shifts down, on [-2^80, 0] up.
   */
  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void wrapsOfOperandsAtTheValidatorsLimitMatchPlaintext(int n) {
    BigInteger top = LIMIT.subtract(BigInteger.ONE);
    long[][] whole = {
      {Long.MIN_VALUE, 0},
      {Long.MAX_VALUE, 131071},
      {Long.MIN_VALUE, 131071},
      {Long.MAX_VALUE, 0},
      {-1, 131071},
      {0, 0},
      {-70368744177664L, 65535},
      {1234567890123456789L, 4242}
    };
    long[][] positive = {{0, 0}, {Long.MAX_VALUE, 131071}, {Long.MAX_VALUE, 0}, {1L << 46, 1}};
    long[][] negative = {{Long.MIN_VALUE, 0}, {-1, 0}, {0, 0}, {-(1L << 46), 0}};
    for (int w : new int[] {2, 8, 63, 64}) {
      checkWrap(n, WrapPlan.of(LIMIT.negate(), top, w, true), WrapPlan.Method.TOP_BIT, whole);
      checkWrap(
          n, WrapPlan.of(BigInteger.ZERO, top, w, true), WrapPlan.Method.SUBTRACT_HALF, positive);
      checkWrap(
          n,
          WrapPlan.of(LIMIT.negate(), BigInteger.ZERO, w, true),
          WrapPlan.Method.ADD_HALF,
          negative);
      checkWrap(n, WrapPlan.of(LIMIT.negate(), top, w, false), WrapPlan.Method.UNSIGNED, whole);
    }
  }

  private static void checkWrap(int n, WrapPlan plan, WrapPlan.Method method, long[][] values) {
    assertThat(plan.method()).as("%s", plan).isEqualTo(method);
    assertThat(plan.bits()).as("%s", plan).isLessThanOrEqualTo(Comparisons.MAX_BITS);
    FieldElement shift = FieldElement.powerOfTwo(17);
    List<BigInteger> wrapped =
        evaluate(
            n,
            Arrays.asList(values),
            c -> a -> s -> c.wrap(Vectors.add(Vectors.scale(s[0], shift), s[1]), plan));
    BigInteger modulus = BigInteger.ONE.shiftLeft(plan.width());
    for (int i = 0; i < values.length; i++) {
      BigInteger v =
          BigInteger.valueOf(values[i][0]).shiftLeft(17).add(BigInteger.valueOf(values[i][1]));
      BigInteger expected = v.mod(modulus);
      if (method != WrapPlan.Method.UNSIGNED && expected.testBit(plan.width() - 1)) {
        expected = expected.subtract(modulus);
      }
      assertThat(wrapped.get(i)).as("%s of %d", plan, v).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void randomBitsAreBits(int n) {
    List<long[]> in = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      in.add(new long[] {0});
    }
    List<BigInteger> bits = evaluate(n, in, c -> a -> s -> RandomBits.generate(a, s[0].length));
    assertThat(bits).allMatch(b -> b.equals(BigInteger.ZERO) || b.equals(BigInteger.ONE));
    assertThat(bits).contains(BigInteger.ZERO, BigInteger.ONE);
  }
}
