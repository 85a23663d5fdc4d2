package io.parley.zk.rep4.circuit;

import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.Map;

/**
 * One member's inputs to a circuit run on rep4: its {@link Shares} of the secret inputs dealt by
 * wallets ({@code secretShares}), the owner (party index 0..3) of every other secret input (the
 * same at every member) and the values of those this member owns (it deals them in replicated form
 * in the first round), its shares of the secret state carried from an earlier run, and the public
 * arguments (the same at every member), each by input name.
 */
public record Rep4CircuitInputs(
    Map<String, Shares> secretShares,
    Map<String, Integer> owners,
    Map<String, BigInteger[]> ownValues,
    Map<String, Shares> stateShares,
    Map<String, BigInteger[]> publicValues) {
  public Rep4CircuitInputs {
    secretShares = Map.copyOf(secretShares);
    owners = Map.copyOf(owners);
    ownValues = Map.copyOf(ownValues);
    stateShares = Map.copyOf(stateShares);
    publicValues = Map.copyOf(publicValues);
  }

  /** Secret inputs all dealt by members (none by wallets). */
  public Rep4CircuitInputs(
      Map<String, Integer> owners,
      Map<String, BigInteger[]> ownValues,
      Map<String, Shares> stateShares,
      Map<String, BigInteger[]> publicValues) {
    this(Map.of(), owners, ownValues, stateShares, publicValues);
  }
}
