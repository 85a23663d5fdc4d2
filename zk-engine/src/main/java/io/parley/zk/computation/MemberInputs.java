package io.parley.zk.computation;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One member's secret material for a computation, in its protocol's {@link InputFormat}: its shares
 * of each secret input (dealt by the input's owner, a wallet) and of each secret-state input
 * (carried from an earlier computation; absent state starts at zero). {@code checkMask}: its share
 * of the mask the wallet dealt with the one input an arrival check reads (Shamir, secret-inputs.md
 * section 6); the consistency check then opens the inputs' combination under the wallet's mask
 * instead of a committee random, so that a member located as wrong can show what it was dealt.
 */
public record MemberInputs(
    Map<String, ShareVector> secretInputs,
    Map<String, ShareVector> state,
    Optional<ShareVector> checkMask) {
  public MemberInputs {
    secretInputs = Map.copyOf(secretInputs);
    state = Map.copyOf(state);
    Objects.requireNonNull(checkMask, "checkMask");
  }

  public MemberInputs(Map<String, ShareVector> secretInputs, Map<String, ShareVector> state) {
    this(secretInputs, state, Optional.empty());
  }

  public static MemberInputs none() {
    return new MemberInputs(Map.of(), Map.of());
  }
}
