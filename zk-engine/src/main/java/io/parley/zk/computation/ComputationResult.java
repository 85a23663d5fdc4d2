package io.parley.zk.computation;

import java.math.BigInteger;
import java.util.Map;

/**
 * What one member holds when a computation completes: the public outputs (equal at every honest
 * member), its shares of each output for a recipient (sent to that account, which reconstructs the
 * value with the protocol's {@link InputFormat}), and its shares of the new secret state.
 */
public record ComputationResult(
    Map<String, BigInteger[]> publicOutputs,
    Map<String, RecipientShares> recipientShares,
    Map<String, ShareVector> state) {
  public ComputationResult {
    publicOutputs = Map.copyOf(publicOutputs);
    recipientShares = Map.copyOf(recipientShares);
    state = Map.copyOf(state);
  }

  /** A member's shares of one output and the account they are for. */
  public record RecipientShares(String recipient, ShareVector shares) {}
}
