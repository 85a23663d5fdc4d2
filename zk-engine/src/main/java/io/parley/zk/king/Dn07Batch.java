package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.RandomBits;
import io.parley.zk.prss.Prss;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A preprocessing batch made with pseudo-random secret sharing and one king-based opening of degree
 * 2t (ADR 0025; Damgard and Nielsen, CRYPTO 2007, with the double sharings of Cramer, Damgard and
 * Ishai, TCC 2005, instead of dealt ones):
 *
 * <ul>
 *   <li>triple: a, b random (PRSS), (rho_t, rho_2t) a double sharing; every member sends a_i b_i +
 *       rho_2t,i to the king, who opens v = ab + rho; c = v - rho_t;
 *   <li>random value: a PRSS share, no interaction;
 *   <li>random bit: u random, w a degree-2t sharing of zero; the king opens u^2 (u_i^2 + w_i is a
 *       random degree-2t sharing of u^2, revealing nothing else), and the bit is (u / sqrt(u^2) +
 *       1) / 2 (Damgard et al., TCC 2006).
 * </ul>
 *
 * <p>All products of the batch travel in one opening, so a batch costs three steps whatever its
 * size. The opening's checks make every announced value right (or name the king); a wrong product
 * share at degree 2t is detected but not located, and a batch is input-independent, so the remedy
 * is to discard it (the disclosure of the batch's keys for a replay is described in ADR 0025).
 */
public final class Dn07Batch {
  private static final long A = 1;
  private static final long B = 2;
  private static final long RHO = 3;
  private static final long RANDOM = 4;
  private static final long U = 5;
  private static final long W = 6;

  /** What one batch makes. */
  public record Plan(int triples, int randoms, int bits) {
    public Plan {
      if (triples < 0 || randoms < 0 || bits < 0 || (long) triples + bits > Prss.MAX_COUNT) {
        throw new IllegalArgumentException(
            "batch of " + triples + " triples and " + bits + " bits");
      }
    }
  }

  /** A member's shares from a batch: triples and randoms, and bits. */
  public record Output(BatchOutput batch, FieldElement[] bits) {}

  private Dn07Batch() {}

  /** The member's program: local PRSS shares, one degree-2t opening, local outputs. */
  public static Program<Output> program(Prss prss, Plan plan) {
    int m = plan.triples();
    int k = plan.bits();
    FieldElement[] a = prss.random(A, m);
    FieldElement[] b = prss.random(B, m);
    Prss.Double rho = prss.doubleRandom(RHO, m);
    FieldElement[] u = prss.random(U, k);
    FieldElement[] w = prss.zero2T(W, k);
    FieldElement[] randoms = prss.random(RANDOM, plan.randoms());
    FieldElement[] products = new FieldElement[m + k];
    for (int i = 0; i < m; i++) {
      products[i] = a[i].multiply(b[i]).add(rho.degree2T()[i]);
    }
    for (int i = 0; i < k; i++) {
      products[m + i] = u[i].square().add(w[i]);
    }
    return Program.open(products)
        .map(
            v -> {
              FieldElement[] c = new FieldElement[m];
              for (int i = 0; i < m; i++) {
                c[i] = v[i].subtract(rho.degreeT()[i]);
              }
              FieldElement[] squares = java.util.Arrays.copyOfRange(v, m, m + k);
              FieldElement[] bits = RandomBits.bitsFrom(u, squares);
              return new Output(
                  new BatchOutput(a, b, c, randoms, new FieldElement[0], new FieldElement[0]),
                  bits);
            });
  }

  /** The batch as a session: openings at degree 2t through kings. */
  public static KingSession<Output> session(
      Committee committee,
      int self,
      Bytes32 batch,
      Prss prss,
      Plan plan,
      Optional<PrivateKey> key) {
    return new KingSession<>(
        committee, self, batch, program(prss, plan), key, 2 * committee.threshold());
  }
}
