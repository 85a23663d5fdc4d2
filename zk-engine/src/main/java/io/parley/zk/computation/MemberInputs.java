package io.parley.zk.computation;

import java.util.Map;

/**
 * One member's secret material for a computation, in its protocol's {@link InputFormat}: its shares
 * of each secret input (dealt by the input's owner, a wallet) and of each secret-state input
 * (carried from an earlier computation; absent state starts at zero).
 */
public record MemberInputs(Map<String, ShareVector> secretInputs, Map<String, ShareVector> state) {
  public MemberInputs {
    secretInputs = Map.copyOf(secretInputs);
    state = Map.copyOf(state);
  }

  public static MemberInputs none() {
    return new MemberInputs(Map.of(), Map.of());
  }
}
