package io.parley.zk.preprocessing;

/**
 * The size of one preprocessing batch: {@code triples} Beaver triples, {@code randoms} extra random
 * sharings and {@code squares} square pairs (r, r^2), the raw material of random bits, for a
 * committee of n = 3t+1. Every dealer deals {@link #dealtPerParty()} random sharings plus one mask;
 * a Vandermonde matrix extracts n - t random values per n dealings (Damgard-Nielsen 2007).
 */
public record BatchPlan(int parties, int triples, int randoms, int squares) {
  public BatchPlan {
    if (parties < 4 || (parties - 1) % 3 != 0) {
      throw new IllegalArgumentException("committee size must be 3t+1");
    }
    if (triples < 1 || randoms < 0 || squares < 0) {
      throw new IllegalArgumentException("a batch needs at least one triple");
    }
    if ((long) triples + squares > Integer.MAX_VALUE / 2
        || 2L * triples + squares + randoms > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("batch too large");
    }
  }

  /** A batch without square pairs. */
  public BatchPlan(int parties, int triples, int randoms) {
    this(parties, triples, randoms, 0);
  }

  /** Reshared products: one per triple and one per square pair. */
  public int products() {
    return triples + squares;
  }

  public int threshold() {
    return (parties - 1) / 3;
  }

  /** Random sharings to extract: a and b of every triple, the root of every square, the randoms. */
  public int extracted() {
    return 2 * triples + squares + randoms;
  }

  public int dealtPerParty() {
    int perSlot = parties - threshold();
    return (extracted() + perSlot - 1) / perSlot;
  }

  /** Step numbers of the batch's rounds. */
  public static final int DEAL = 0;

  public static final int RESHARE = 1;
  public static final int COIN = 2;
  public static final int CHECK = 3;
  public static final int FIRST_VERDICT = 4;

  public int disclosureStep() {
    return FIRST_VERDICT + threshold() + 1;
  }
}
