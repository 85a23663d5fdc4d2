package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.RandomBits;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeys;
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

  /**
   * A member's shares from a batch: triples and randoms, and bits; {@code opened} are the public
   * values of the batch's one opening, from which (with the batch's keys) {@link #fromOpened}
   * rebuilds the rest, so a member keeps only those.
   */
  public record Output(BatchOutput batch, FieldElement[] bits, FieldElement[] opened) {}

  private Dn07Batch() {}

  /** A member's local PRSS shares for a batch, before any interaction. */
  record Local(
      FieldElement[] a,
      FieldElement[] b,
      Prss.Double rho,
      FieldElement[] u,
      FieldElement[] w,
      FieldElement[] randoms) {}

  static Local local(Prss prss, Plan plan) {
    return new Local(
        prss.random(A, plan.triples()),
        prss.random(B, plan.triples()),
        prss.doubleRandom(RHO, plan.triples()),
        prss.random(U, plan.bits()),
        prss.zero2T(W, plan.bits()),
        prss.random(RANDOM, plan.randoms()));
  }

  /**
   * The degree-2t product shares a member opens: a_i b_i + rho_2t,i for the triples, then u_i^2 +
   * w_i for the bits. A replay recomputes them from disclosed keys.
   */
  static FieldElement[] products(Local l) {
    int m = l.a().length;
    int k = l.u().length;
    FieldElement[] products = new FieldElement[m + k];
    for (int i = 0; i < m; i++) {
      products[i] = l.a()[i].multiply(l.b()[i]).add(l.rho().degree2T()[i]);
    }
    for (int i = 0; i < k; i++) {
      products[m + i] = l.u()[i].square().add(l.w()[i]);
    }
    return products;
  }

  /** The member's program: local PRSS shares, one degree-2t opening, local outputs. */
  public static Program<Output> program(Prss prss, Plan plan) {
    Local l = local(prss, plan);
    return Program.open(products(l)).map(v -> output(l, plan, v));
  }

  /**
   * The member's output rebuilt from the batch's PRSS keys and the values its opening revealed, as
   * a restarted member does instead of keeping every share (the opening is public and the rest is
   * local).
   *
   * @throws IllegalArgumentException when {@code opened} does not fit the plan
   */
  public static Output fromOpened(Prss prss, Plan plan, FieldElement[] opened) {
    if (opened.length != plan.triples() + plan.bits()) {
      throw new IllegalArgumentException(
          "a batch of this plan opens " + (plan.triples() + plan.bits()) + " values");
    }
    return output(local(prss, plan), plan, opened);
  }

  private static Output output(Local l, Plan plan, FieldElement[] v) {
    int m = plan.triples();
    int k = plan.bits();
    FieldElement[] c = new FieldElement[m];
    for (int i = 0; i < m; i++) {
      c[i] = v[i].subtract(l.rho().degreeT()[i]);
    }
    FieldElement[] squares = java.util.Arrays.copyOfRange(v, m, m + k);
    FieldElement[] bits = RandomBits.bitsFrom(l.u(), squares);
    return new Output(
        new BatchOutput(l.a(), l.b(), c, l.randoms(), new FieldElement[0], new FieldElement[0]),
        bits,
        v);
  }

  /**
   * The computation id of a batch's sessions: SHA-256("parley-dn07/1" || batch || triples i32 ||
   * randoms i32 || bits i32), so every signed message of the batch also fixes its plan.
   */
  public static Bytes32 sessionId(Bytes32 batch, Plan plan) {
    java.security.MessageDigest sha = io.parley.zk.messages.Sha256.newDigest();
    sha.update("parley-dn07/1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    sha.update(batch.toArrayUnsafe());
    sha.update(
        java.nio.ByteBuffer.allocate(12)
            .putInt(plan.triples())
            .putInt(plan.randoms())
            .putInt(plan.bits())
            .array());
    return Bytes32.wrap(sha.digest());
  }

  /**
   * The batch as a session (id {@link #sessionId}): the degree-2t king opening, a round of OKs
   * before anyone uses the outputs, and on a detected wrong product share the disclosure of the
   * batch's keys and a replay that names the sender ({@link Dn07Session}).
   */
  public static Dn07Session session(
      Committee committee,
      int self,
      Bytes32 batch,
      PrssKeys batchKeys,
      Plan plan,
      Optional<PrivateKey> key) {
    return new Dn07Session(committee, self, batch, batchKeys, plan, key);
  }
}
