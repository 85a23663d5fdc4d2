package io.parley.zk.rep4;

/**
 * The value a pair {g, h} with complement {j, k} resharers in a multiplication: v = x_j y_k + x_k
 * y_j (+ x_m y_m for the diagonal m in {j, k} assigned to this pair by {@link Schedule#diagonal}),
 * masked as w = v - r (binary: XOR of ANDs, w = v ^ r). Shared by the parties and the verifier.
 */
final class TransferMath {
  private TransferMath() {}

  /**
   * Overwrites r[0, len) (the mask) with w for elements [from, from+len) of the operands. Operand
   * arrays are indexed from {@code from}.
   */
  static void mask(
      boolean binary,
      int j,
      int k,
      long[] xj,
      long[] yj,
      long[] xk,
      long[] yk,
      int from,
      int len,
      long[] r) {
    int diagonal = Schedule.diagonal(j, k);
    if (binary) {
      if (diagonal == j) {
        for (int i = 0; i < len; i++) {
          int e = from + i;
          r[i] ^= (xj[e] & yk[e]) ^ (xk[e] & yj[e]) ^ (xj[e] & yj[e]);
        }
      } else if (diagonal == k) {
        for (int i = 0; i < len; i++) {
          int e = from + i;
          r[i] ^= (xj[e] & yk[e]) ^ (xk[e] & yj[e]) ^ (xk[e] & yk[e]);
        }
      } else {
        for (int i = 0; i < len; i++) {
          int e = from + i;
          r[i] ^= (xj[e] & yk[e]) ^ (xk[e] & yj[e]);
        }
      }
      return;
    }
    if (diagonal == j) {
      for (int i = 0; i < len; i++) {
        int e = from + i;
        r[i] = xj[e] * (yk[e] + yj[e]) + xk[e] * yj[e] - r[i];
      }
    } else if (diagonal == k) {
      for (int i = 0; i < len; i++) {
        int e = from + i;
        r[i] = xk[e] * (yj[e] + yk[e]) + xj[e] * yk[e] - r[i];
      }
    } else {
      for (int i = 0; i < len; i++) {
        int e = from + i;
        r[i] = xj[e] * yk[e] + xk[e] * yj[e] - r[i];
      }
    }
  }
}
