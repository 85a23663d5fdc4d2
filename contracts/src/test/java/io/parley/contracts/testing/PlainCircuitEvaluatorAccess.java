package io.parley.contracts.testing;

import java.math.BigInteger;

/** Test access to the evaluator's type ranges. */
public final class PlainCircuitEvaluatorAccess {
  private PlainCircuitEvaluatorAccess() {}

  public static BigInteger[] range(String type) {
    return PlainCircuitEvaluator.range(type);
  }
}
