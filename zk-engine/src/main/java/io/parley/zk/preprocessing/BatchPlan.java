package io.parley.zk.preprocessing;

/**
 * The size of one preprocessing batch: {@code triples} Beaver triples and {@code randoms} extra
 * random sharings for a committee of n = 3t+1. Every dealer deals {@link #dealtPerParty()} random
 * sharings plus one mask; a Vandermonde matrix extracts n - t random values per n dealings
 * (Damgard-Nielsen 2007).
 */
public record BatchPlan(int parties, int triples, int randoms) {
  public BatchPlan {
    if (parties < 4 || (parties - 1) % 3 != 0) {
      throw new IllegalArgumentException("committee size must be 3t+1");
    }
    if (triples < 1 || randoms < 0) {
      throw new IllegalArgumentException("a batch needs at least one triple");
    }
  }

  public int threshold() {
    return (parties - 1) / 3;
  }

  /** Random sharings to extract: a and b of every triple, then the extra randoms. */
  public int extracted() {
    return 2 * triples + randoms;
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
