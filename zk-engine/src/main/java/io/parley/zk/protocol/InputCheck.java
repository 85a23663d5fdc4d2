package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.util.Optional;

/**
 * Checks that user-dealt input sharings are consistent degree-t sharings before any computation
 * uses them (secret-inputs.md section 6). Round 1 opens a fresh random value rho (from
 * preprocessing, so nobody, the dealer included, knows it before the shares are fixed); round 2
 * opens w = u + sum_i rho^(i+1) x_i with a mask u that hides the combination. If any x_i (or u) is
 * not a degree-t sharing, w's shares form a codeword with probability at most count/p. Run it in an
 * {@code OnlineSession} that does not attribute errors: a bad share may be the user's fault.
 *
 * <p>The mask is the wallet's own (dealt with the input, {@code checkMask}) when the check reads
 * one input: then every share a member opens follows from what the wallet dealt it and rho, so a
 * member the decoder locates can show the chain its plaintext and have the fault attributed.
 * Otherwise it is a preprocessed random.
 */
public final class InputCheck {
  private InputCheck() {}

  /** Random values the check consumes: rho, and the mask unless the wallet dealt it. */
  public static int randoms(boolean dealtMask) {
    return dealtMask ? 1 : 2;
  }

  public static Program<Boolean> program(
      SecureArithmetic arithmetic, FieldElement[] inputShares, Optional<FieldElement> dealtMask) {
    FieldElement[] randoms =
        arithmetic.context().preprocessing().randoms(randoms(dealtMask.isPresent()));
    FieldElement mask = dealtMask.orElseGet(() -> randoms[1]);
    return arithmetic
        .open(new FieldElement[] {randoms[0]})
        .then(
            opened -> {
              FieldElement rho = opened[0];
              FieldElement acc = mask.add(FieldElement.hornerSum(inputShares, rho));
              return arithmetic.open(new FieldElement[] {acc});
            })
        .map(opened -> true);
  }

  /** w_j as member j opens it: its mask share plus its shares weighted by rho, rho^2, ... */
  public static FieldElement combination(
      FieldElement[] inputShares, FieldElement mask, FieldElement rho) {
    return mask.add(FieldElement.hornerSum(inputShares, rho));
  }
}
