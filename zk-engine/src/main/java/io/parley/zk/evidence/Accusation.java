package io.parley.zk.evidence;

import io.parley.zk.messages.Envelope;
import java.util.List;

/** Why a computation aborted: a proven {@link Blame}, or a suspicion no third party can check. */
public sealed interface Accusation {
  record Proven(Blame blame) implements Accusation {}

  /**
   * Members that sent nothing valid for a step before the driver's timeout. Not evidence: the chain
   * settles silence by asking the member to post its message on-chain.
   */
  record Timeout(int step, List<Integer> silent) implements Accusation {
    public Timeout {
      silent = List.copyOf(silent);
    }
  }

  /**
   * A failure the protocol cannot attribute under its threat model (more than t deviating members,
   * e.g. undecodable openings). Not evidence.
   */
  record Unresolved(int step, String reason) implements Accusation {}

  /**
   * A user-dealt input sharing is not a degree-t codeword: the listed members' shares disagree with
   * the others'. Either the user dealt inconsistent shares or a listed member lies about its share,
   * so no member is blamed here. {@code openings}: on Shamir, the signed OPEN envelopes of every
   * step of the check, step by step and member by member (n per step), with which a listed member
   * discloses what it was dealt and the chain decides (secret-inputs.md section 6.1); empty on
   * rep4.
   */
  record InconsistentInput(int step, List<Integer> members, List<Envelope> openings)
      implements Accusation {
    public InconsistentInput {
      members = List.copyOf(members);
      openings = List.copyOf(openings);
    }

    public InconsistentInput(int step, List<Integer> members) {
      this(step, members, List.of());
    }

    @Override
    public String toString() {
      return "InconsistentInput[step=" + step + ", members=" + members + "]";
    }
  }

  /**
   * A user-dealt value lies outside its declared type: the exact range check ({@code RangeCheck})
   * opened a nonzero combination. Only the wallet that dealt it can cause this (every opening
   * before it is Reed-Solomon checked), so no member is blamed; the input is rejected.
   */
  record InputOutOfRange(int step) implements Accusation {}
}
