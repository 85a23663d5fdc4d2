package io.parley.zk.rep4.circuit;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.rep4.Shares;
import io.parley.zk.rep4.WireStore;
import java.math.BigInteger;

/**
 * The secret inputs of a circuit as one rep4 input round: {@code counts[o]} values dealt by owner
 * o, this party's own values in circuit order, and where each input's values land in the result
 * (which the input round concatenates in owner order).
 */
record Rep4Inputs(int[] counts, long[] mine, int[] wireOfElement) {
  int total() {
    return wireOfElement.length;
  }

  static Rep4Inputs prepare(ValidatedCircuit circuit, Rep4CircuitInputs inputs, int self) {
    int[] counts = new int[4];
    int total = 0;
    for (Circuit.Input input : circuit.circuit().inputs()) {
      if (dealtByMembers(input, inputs)) {
        counts[owner(input, inputs)] += input.type().length();
        total += input.type().length();
      }
    }
    int[] next = new int[5];
    for (int o = 0; o < 4; o++) {
      next[o + 1] = next[o] + counts[o];
    }
    long[] mine = new long[counts[self]];
    int mineAt = 0;
    int[] wireOfElement = new int[total];
    int wire = 0;
    for (Circuit.Input input : circuit.circuit().inputs()) {
      int length = input.type().length();
      if (dealtByMembers(input, inputs)) {
        int owner = owner(input, inputs);
        if (owner == self) {
          for (BigInteger v : ownValues(input, inputs)) {
            mine[mineAt++] = v.longValue();
          }
        }
        for (int i = 0; i < length; i++) {
          wireOfElement[next[owner]++] = wire + i;
        }
      }
      wire += length;
    }
    return new Rep4Inputs(counts, mine, wireOfElement);
  }

  /** Stores element e of the dealt sharing on its wire. */
  void assign(Shares all, WireStore share) {
    for (int e = 0; e < wireOfElement.length; e++) {
      share.set(wireOfElement[e], all, e);
    }
  }

  /** A secret input a member deals in the input round (not one a wallet dealt). */
  private static boolean dealtByMembers(Circuit.Input input, Rep4CircuitInputs inputs) {
    return input.kind() == Circuit.InputKind.SECRET
        && !inputs.secretShares().containsKey(input.name());
  }

  private static int owner(Circuit.Input input, Rep4CircuitInputs inputs) {
    Integer owner = inputs.owners().get(input.name());
    if (owner == null || owner < 0 || owner >= 4) {
      throw new CircuitException(
          "E_INPUT_RANGE", "input '" + input.name() + "': no owner among the parties 0..3");
    }
    return owner;
  }

  private static BigInteger[] ownValues(Circuit.Input input, Rep4CircuitInputs inputs) {
    String where = "input '" + input.name() + "'";
    BigInteger[] values = inputs.ownValues().get(input.name());
    if (values == null || values.length != input.type().length()) {
      throw new CircuitException("E_INPUT_RANGE", where + ": missing or wrong length");
    }
    for (BigInteger v : values) {
      if (!input.type().contains(v)) {
        throw new CircuitException("E_INPUT_RANGE", where + ": value outside its type");
      }
    }
    return values;
  }
}
