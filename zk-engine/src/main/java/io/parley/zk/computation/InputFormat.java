package io.parley.zk.computation;

import java.math.BigInteger;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How secret values are shared for a protocol: how an input's owner (a wallet) deals them to the
 * members, how an output's recipient reconstructs them from the members' shares, and what zero
 * state looks like. The byte encodings for wallets are in docs/spec/secret-inputs.md.
 */
public sealed interface InputFormat permits ShamirFormat, ReplicatedFormat {
  /** Stable name, e.g. {@code shamir-gf127/1}. */
  String name();

  /** Deals the values to {@code members} members; element i of the result is member i's. */
  List<ShareVector> deal(BigInteger[] values, int members, RandomGenerator random);

  /**
   * The values from every member's shares, correcting up to t wrong members' shares.
   *
   * @throws IllegalArgumentException when the shares do not determine the values
   */
  BigInteger[] reconstruct(List<ShareVector> shares);

  /** Member {@code self}'s shares of {@code length} zeros. */
  default ShareVector zeros(int self, int members, int length) {
    return known(self, members, new long[length]);
  }

  /**
   * Member {@code self}'s shares of public values every member knows, computed locally without
   * randomness (the constant sharing: it hides nothing, and serves benchmarks and public state).
   */
  ShareVector known(int self, int members, long[] values);

  /** True when {@code shares} has this format (and, for replicated shares, belongs to self). */
  boolean holds(ShareVector shares, int self);
}
