package io.parley.zk.rep4.circuit;

import io.parley.zk.rep4.Shares;
import java.math.BigInteger;
import java.util.Map;

/**
 * One member's results of a circuit run on rep4: the opened public outputs (equal at every honest
 * member), its components of every address output (to hand to the recipient, who adds the four
 * components it receives), and its shares of the new secret state (inputs of the next run).
 */
public record Rep4CircuitResult(
    Map<String, BigInteger[]> publicOutputs,
    Map<String, Shares> addressShares,
    Map<String, Shares> stateShares) {
  public Rep4CircuitResult {
    publicOutputs = Map.copyOf(publicOutputs);
    addressShares = Map.copyOf(addressShares);
    stateShares = Map.copyOf(stateShares);
  }
}
