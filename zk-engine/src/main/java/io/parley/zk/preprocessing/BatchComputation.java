package io.parley.zk.preprocessing;

import io.parley.base.crypto.Hashing;
import io.parley.zk.field.FieldElement;
import io.parley.zk.sharing.ParityCheck;
import io.parley.zk.sharing.Polynomial;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Everything one member computes in a preprocessing batch, as a deterministic function of its seed
 * and the values it received: used by the live session and, identically, by the dispute replay.
 *
 * <p>Round DEAL: deal {@code L} random degree-t sharings and a mask. Extraction: n - t random
 * sharings per slot through the Vandermonde matrix M[k][i] = (i+1)^k (Damgard-Nielsen, CRYPTO
 * 2007). Round RESHARE: reshare the local products a_i b_i at degree t and a mask; c = sum of
 * Lagrange-weighted reshares of members 0..2t (Gennaro-Rabin-Rabin, PODC 1998). Round COIN: a
 * 32-byte contribution; the challenge rho hashes all of them. Round CHECK: open, for each member,
 * its masked rho-combination of dealt and of reshared sharings, and the parity-check syndromes of
 * the reshared products. The batch is good iff every opened column is an exact degree-t codeword
 * and every syndrome is zero.
 *
 * <p>Privacy of the check: the dealt and reshared combinations are masked by fresh sharings (their
 * whole polynomials are uniform). The syndrome sharings are not masked, but given the t corrupt
 * members' points of every honest resharing, each revealed coefficient is a known multiple of the
 * honest part of a syndrome, which equals minus the corrupt part (the full syndrome of a codeword
 * is zero): nothing the corrupt members did not know already.
 */
final class BatchComputation {
  private final BatchPlan plan;
  private final int self;
  private final int n;
  private final int t;
  private final Bytes32 seed;
  private final int dealt;
  private Polynomial[] dealPolynomials;
  private FieldElement[] randomsExtracted;
  private FieldElement[][] received; // [dealer][l]
  private FieldElement[][] reshared; // [resharer][m]
  private FieldElement[] products;
  private FieldElement rho;

  BatchComputation(BatchPlan plan, int self, Bytes32 seed) {
    this.plan = plan;
    this.self = self;
    this.n = plan.parties();
    this.t = plan.threshold();
    this.seed = seed;
    this.dealt = plan.dealtPerParty();
  }

  /** Values dealt to {@code recipient} in round DEAL: L sharings and the mask. */
  FieldElement[] deal(int recipient) {
    if (dealPolynomials == null) {
      SeedPrg prg = new SeedPrg(seed, "deal");
      dealPolynomials = new Polynomial[dealt + 1];
      for (int l = 0; l <= dealt; l++) {
        dealPolynomials[l] = randomPolynomial(prg, prg.nextElement());
      }
    }
    return evaluateAll(dealPolynomials, recipient);
  }

  private Polynomial randomPolynomial(SeedPrg prg, FieldElement constant) {
    FieldElement[] c = new FieldElement[t + 1];
    c[0] = constant;
    for (int i = 1; i <= t; i++) {
      c[i] = prg.nextElement();
    }
    return new Polynomial(c);
  }

  private static FieldElement[] evaluateAll(Polynomial[] polynomials, int recipient) {
    long x = recipient + 1L;
    int terms = 1;
    for (Polynomial polynomial : polynomials) {
      terms = Math.max(terms, polynomial.degree() + 1);
    }
    long[] powers = Polynomial.smallPowers(x, terms);
    FieldElement[] out = new FieldElement[polynomials.length];
    for (int l = 0; l < polynomials.length; l++) {
      out[l] =
          powers != null ? polynomials[l].evaluateAtPowers(powers) : polynomials[l].evaluate(x);
    }
    return out;
  }

  /** Accepts every dealer's values for this member (own included) and extracts randoms. */
  void acceptDeals(FieldElement[][] byDealer) {
    this.received = byDealer;
    int perSlot = n - t;
    FieldElement[] out = new FieldElement[dealt * perSlot];
    // M[k][i] = (i+1)^k: small integers (at most 7^6 for n = 7)
    long[][] vandermonde = new long[perSlot][n];
    for (int i = 0; i < n; i++) {
      long power = 1;
      for (int k = 0; k < perSlot; k++) {
        vandermonde[k][i] = power;
        power *= i + 1;
      }
    }
    FieldElement[] column = new FieldElement[n];
    for (int l = 0; l < dealt; l++) {
      for (int i = 0; i < n; i++) {
        column[i] = byDealer[i][l];
      }
      for (int k = 0; k < perSlot; k++) {
        out[l * perSlot + k] = FieldElement.linearCombination(vandermonde[k], column);
      }
    }
    randomsExtracted = out;
  }

  /** First factor of product m: a of triple m, or the root r of square pair m - triples. */
  FieldElement a(int m) {
    return m < plan.triples() ? randomsExtracted[2 * m] : randomsExtracted[plan.triples() + m];
  }

  /** Second factor of product m: b of triple m, or again r for a square pair. */
  FieldElement b(int m) {
    return m < plan.triples() ? randomsExtracted[2 * m + 1] : a(m);
  }

  /** The degree-t resharings of this member's products a_m b_m, and a mask last. */
  Polynomial[] resharePolynomials() {
    SeedPrg prg = new SeedPrg(seed, "reshare");
    Polynomial[] polynomials = new Polynomial[plan.products() + 1];
    for (int m = 0; m < plan.products(); m++) {
      polynomials[m] = randomPolynomial(prg, a(m).multiply(b(m)));
    }
    polynomials[plan.products()] = randomPolynomial(prg, prg.nextElement());
    return polynomials;
  }

  static FieldElement[] evaluate(Polynomial[] polynomials, int recipient) {
    return evaluateAll(polynomials, recipient);
  }

  void acceptReshares(FieldElement[][] byResharer) {
    this.reshared = byResharer;
    int[] first = new int[2 * t + 1];
    for (int i = 0; i < first.length; i++) {
      first[i] = i;
    }
    long[] lambda = smallCoefficients(Shamir.lagrangeCoefficients(first, FieldElement.ZERO));
    products = new FieldElement[plan.products()];
    FieldElement[] column = new FieldElement[first.length];
    for (int m = 0; m < plan.products(); m++) {
      for (int i = 0; i < first.length; i++) {
        column[i] = byResharer[i][m];
      }
      products[m] = FieldElement.linearCombination(lambda, column);
    }
  }

  private static long[] smallCoefficients(FieldElement[] coefficients) {
    long[] out = new long[coefficients.length];
    for (int i = 0; i < coefficients.length; i++) {
      out[i] =
          coefficients[i]
              .smallValue()
              .orElseThrow(() -> new IllegalStateException("Lagrange coefficient not small"));
    }
    return out;
  }

  byte[] coin() {
    byte[] coin = new byte[32];
    new SeedPrg(seed, "coin").nextBytes(coin);
    return coin;
  }

  void acceptCoins(Bytes32 batch, byte[][] coins) {
    Bytes[] parts = new Bytes[coins.length + 1];
    parts[0] = batch;
    for (int i = 0; i < coins.length; i++) {
      parts[i + 1] = Bytes.wrap(coins[i]);
    }
    byte[] h = Hashing.keccak256(parts).slice(0, 16).toArray();
    rho = FieldElement.of(new java.math.BigInteger(1, h));
  }

  /** This member's shares of the 2n + t check values. */
  FieldElement[] checkValues() {
    FieldElement[] out = new FieldElement[2 * n + t];
    for (int i = 0; i < n; i++) {
      out[i] = combine(received[i], dealt);
      out[n + i] = combine(reshared[i], plan.products());
    }
    FieldElement[][] h = ParityCheck.matrix(n, 2 * t);
    for (int j = 0; j < t; j++) {
      FieldElement acc = FieldElement.ZERO;
      for (int i = 0; i < n; i++) {
        acc = acc.add(h[j][i].multiply(out[n + i].subtract(reshared[i][plan.products()])));
      }
      out[2 * n + j] = acc;
    }
    return out;
  }

  /** mask + sum_l rho^(l+1) values[l], where the mask is values[count]. */
  private FieldElement combine(FieldElement[] values, int count) {
    FieldElement acc = FieldElement.ZERO;
    for (int l = count - 1; l >= 0; l--) {
      acc = acc.add(values[l]).multiply(rho);
    }
    return acc.add(values[count]);
  }

  /** The batch check on all members' check values ([member][value]). */
  boolean checkPasses(FieldElement[][] byMember) {
    ReedSolomon rs = new ReedSolomon(n, t);
    FieldElement[] column = new FieldElement[n];
    for (int v = 0; v < 2 * n + t; v++) {
      for (int i = 0; i < n; i++) {
        if (byMember[i].length != 2 * n + t) {
          return false;
        }
        column[i] = byMember[i][v];
      }
      if (!rs.isCodeword(column)) {
        return false;
      }
      if (v >= 2 * n && !rs.interpolateZero(column).isZero()) {
        return false;
      }
    }
    return true;
  }

  BatchOutput output() {
    FieldElement[] a = new FieldElement[plan.triples()];
    FieldElement[] b = new FieldElement[plan.triples()];
    for (int m = 0; m < plan.triples(); m++) {
      a[m] = a(m);
      b[m] = b(m);
    }
    FieldElement[] randoms = new FieldElement[plan.randoms()];
    int squares = plan.squares();
    System.arraycopy(randomsExtracted, 2 * plan.triples() + squares, randoms, 0, plan.randoms());
    FieldElement[] roots = new FieldElement[squares];
    System.arraycopy(randomsExtracted, 2 * plan.triples(), roots, 0, squares);
    FieldElement[] c = java.util.Arrays.copyOf(products, plan.triples());
    FieldElement[] rootSquares =
        java.util.Arrays.copyOfRange(products, plan.triples(), plan.products());
    return new BatchOutput(a, b, c, randoms, roots, rootSquares);
  }
}
