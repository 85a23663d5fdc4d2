package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;

/**
 * Checks that user-dealt input sharings are consistent degree-t sharings before any computation
 * uses them. Round 1 opens a fresh random value rho (from preprocessing, so nobody, the dealer
 * included, knows it before the shares are fixed); round 2 opens w = r + sum_i rho^(i+1) x_i with
 * another fresh random sharing r that hides the combination. If any x_i is not a degree-t sharing,
 * w's shares form a codeword with probability at most count/p. Run it in an {@code OnlineSession}
 * that does not attribute errors: a bad share may be the user's fault. Consumes two random values.
 */
public final class InputCheck {
  /** Random values the check consumes. */
  public static final int RANDOMS = 2;

  private InputCheck() {}

  public static Program<Boolean> program(SecureArithmetic arithmetic, FieldElement[] inputShares) {
    FieldElement[] randoms = arithmetic.context().preprocessing().randoms(RANDOMS);
    return arithmetic
        .open(new FieldElement[] {randoms[0]})
        .then(
            opened -> {
              FieldElement rho = opened[0];
              FieldElement acc = randoms[1].add(FieldElement.hornerSum(inputShares, rho));
              return arithmetic.open(new FieldElement[] {acc});
            })
        .map(opened -> true);
  }
}
