package io.parley.zk.computation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A member's inputs checked against the workload and its protocol's format before any interaction:
 * every secret input present with its length, every state input present or zero.
 */
record ResolvedInputs(
    Map<String, ShareVector> secret,
    Map<String, ShareVector> state,
    Optional<ShareVector> checkMask) {

  static ResolvedInputs resolve(
      Workload workload, MemberInputs inputs, InputFormat format, CommitteeMember member) {
    Map<String, ShareVector> secret = new LinkedHashMap<>();
    for (Workload.Slot slot : workload.secretInputs()) {
      ShareVector v = inputs.secretInputs().get(slot.name());
      secret.put(slot.name(), checked("secret input", slot, v, format, member.self()));
    }
    Map<String, ShareVector> state = new LinkedHashMap<>();
    for (Workload.Slot slot : workload.stateInputs()) {
      ShareVector v = inputs.state().get(slot.name());
      state.put(
          slot.name(),
          v == null
              ? format.zeros(member.self(), member.size(), slot.length())
              : checked("state", slot, v, format, member.self()));
    }
    for (String name : inputs.secretInputs().keySet()) {
      if (!secret.containsKey(name)) {
        throw new IllegalArgumentException("the workload has no secret input '" + name + "'");
      }
    }
    for (String name : inputs.state().keySet()) {
      if (!state.containsKey(name)) {
        throw new IllegalArgumentException("the workload has no state '" + name + "'");
      }
    }
    Optional<ShareVector> mask = inputs.checkMask();
    if (mask.isPresent()
        && (!(mask.get() instanceof ShareVector.Field) || mask.get().length() != 1)) {
      throw new IllegalArgumentException("a check mask is one Shamir share");
    }
    if (mask.isPresent() && secret.isEmpty()) {
      throw new IllegalArgumentException("a check mask comes with dealt secret inputs");
    }
    return new ResolvedInputs(secret, state, mask);
  }

  private static ShareVector checked(
      String what, Workload.Slot slot, ShareVector v, InputFormat format, int self) {
    String where = what + " '" + slot.name() + "'";
    if (v == null) {
      throw new IllegalArgumentException(where + " is missing");
    }
    if (!format.holds(v, self)) {
      throw new IllegalArgumentException(where + " is not in the " + format.name() + " format");
    }
    if (v.length() != slot.length()) {
      throw new IllegalArgumentException(
          where + " needs " + slot.length() + " value(s), got " + v.length());
    }
    return v;
  }

  boolean hasSecrets() {
    return !secret.isEmpty();
  }
}
