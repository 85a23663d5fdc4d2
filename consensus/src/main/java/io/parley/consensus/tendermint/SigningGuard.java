package io.parley.consensus.tendermint;

import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.protocol.LastSigned.SigningStep;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The last line against double signing (CometBFT's priv-validator state), in two parts:
 *
 * <ul>
 *   <li>What this validator signed that its state holds (its persisted messages and what it signed
 *       since the start): it signs only strictly above all of it. Tendermint never needs to sign
 *       twice at one step, so a refusal here is a bug and fails fast.
 *   <li>Floors: the host's signing-state record ({@link LastSigned}), kept apart from the database,
 *       and persisted messages above the height the protocol resumes at. After the database lost
 *       its latest blocks, the state lies below them. Signing at or below a floor (but the
 *       identical message) is then refused, and the protocol goes on without that message, as if it
 *       were lost in the network: always safe for Tendermint.
 * </ul>
 */
final class SigningGuard {
  private long height;
  private long round = -1;
  private SigningStep step = SigningStep.PROPOSAL;
  private boolean any;
  private List<LastSigned> floors = List.of();

  /**
   * Raises the guard above every message of {@code persisted} that validator {@code self} signed,
   * and keeps {@code floors}: the host's record, and any persisted message of a height above the
   * one the protocol resumes at (left from before the database lost blocks).
   */
  void load(int self, List<ConsensusMessage> persisted, List<LastSigned> floors) {
    this.floors = List.copyOf(floors);
    for (ConsensusMessage message : persisted) {
      switch (message) {
        case Proposal p when p.proposerIndex() == self ->
            raise(p.height(), p.round(), SigningStep.PROPOSAL);
        case Vote v when v.validatorIndex() == self ->
            raise(v.height(), v.round(), SigningStep.of(v.type()));
        default -> {}
      }
    }
  }

  /** The highest of the floors, if any. */
  Optional<LastSigned> floor() {
    return floors.stream().reduce((a, b) -> a.precedes(b.height(), b.round(), b.step()) ? b : a);
  }

  /**
   * Whether a new proposal at (h, r) could be signed: strictly above the record, since a freshly
   * built block never matches one signed before a restart.
   */
  boolean mayPropose(long h, long r) {
    return floors.stream().allMatch(last -> last.precedes(h, r, SigningStep.PROPOSAL));
  }

  /** Whether this validator may sign the proposal hashing to {@code signingHash} at (h, r). */
  boolean checkProposal(long h, long r, Bytes32 signingHash) {
    return check(h, r, SigningStep.PROPOSAL, signingHash);
  }

  /** Whether this validator may sign the vote hashing to {@code signingHash} at (h, r, type). */
  boolean checkVote(long h, long r, VoteType type, Bytes32 signingHash) {
    return check(h, r, SigningStep.of(type), signingHash);
  }

  private boolean check(long h, long r, SigningStep s, Bytes32 signingHash) {
    if (!isAbove(h, r, s)) {
      throw new IllegalStateException(
          "refusing to sign at height "
              + h
              + " round "
              + r
              + " step "
              + s
              + ": already signed at height "
              + height
              + " round "
              + round
              + " step "
              + step);
    }
    if (!floors.stream().allMatch(last -> last.allows(h, r, s, signingHash))) {
      return false;
    }
    height = h;
    round = r;
    step = s;
    any = true;
    return true;
  }

  private void raise(long h, long r, SigningStep s) {
    if (isAbove(h, r, s)) {
      height = h;
      round = r;
      step = s;
      any = true;
    }
  }

  private boolean isAbove(long h, long r, SigningStep s) {
    if (!any) {
      return true;
    }
    if (h != height) {
      return h > height;
    }
    if (r != round) {
      return r > round;
    }
    return s.compareTo(step) > 0;
  }
}
