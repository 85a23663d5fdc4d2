package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Sha256;
import java.security.MessageDigest;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Checks that user-dealt input sharings are consistent degree-t sharings before any computation
 * uses them: opens w = r + sum_i rho^(i+1) x_i with a fresh random sharing r (which hides the
 * combination) and a challenge rho fixed by the computation id (chosen by the chain after the
 * inputs were submitted). If any x_i is not a degree-t sharing, w's shares are not a codeword
 * except with probability count/p. Run it in an {@code OnlineSession} that does not attribute
 * errors: a bad share may be the user's fault.
 */
public final class InputCheck {
  private InputCheck() {}

  public static FieldElement challenge(Bytes32 computation) {
    MessageDigest sha = Sha256.newDigest();
    sha.update("parley-mpc-input-check/1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    sha.update(computation.toArrayUnsafe());
    byte[] h = sha.digest();
    h[0] &= 0x7f;
    return FieldElement.of(new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 16)));
  }

  public static Program<Boolean> program(
      SecureArithmetic arithmetic, FieldElement[] inputShares, Bytes32 computation) {
    FieldElement rho = challenge(computation);
    FieldElement acc = arithmetic.context().preprocessing().randoms(1)[0];
    FieldElement power = rho;
    for (FieldElement x : inputShares) {
      acc = acc.add(power.multiply(x));
      power = power.multiply(rho);
    }
    return arithmetic.open(new FieldElement[] {acc}).map(opened -> true);
  }
}
