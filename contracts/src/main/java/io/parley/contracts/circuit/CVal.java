package io.parley.contracts.circuit;

import java.math.BigInteger;
import java.util.List;

/** A value during circuit generation: a compile-time constant, a wire, or an array of values. */
sealed interface CVal {
  record Const(BigInteger value) implements CVal {}

  record Wire(int id) implements CVal {}

  record Arr(List<CVal> elements) implements CVal {
    public Arr {
      elements = List.copyOf(elements);
    }
  }
}
