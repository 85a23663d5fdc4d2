package io.parley.consensus.protocol;

import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The highest (height, round, step) this validator signed, as the host keeps it in a small synced
 * record of its own, apart from the database (CometBFT's {@code priv_validator_state.json}). A
 * validator whose database lost its latest writes still knows where it stopped: it never signs at
 * or below that point again, unless it is the identical message
 * (docs/adr/0040-signing-state-record.md). A pure value: the host reads and writes it, the protocol
 * only reads it from {@link ConsensusEvent.Started}.
 *
 * @param signingHash the hash signed at (height, round, step)
 * @param votes this validator's own votes at {@code height} that resume its round and its lock: the
 *     last vote it signed and its highest-round precommit for a block (at most two)
 */
public record LastSigned(
    long height, long round, SigningStep step, Bytes32 signingHash, List<Vote> votes) {

  /** The steps a validator signs at, in the order they happen within a round. */
  public enum SigningStep {
    PROPOSAL,
    PREVOTE,
    PRECOMMIT;

    public static SigningStep of(VoteType type) {
      return type == VoteType.PREVOTE ? PREVOTE : PRECOMMIT;
    }
  }

  public LastSigned {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(signingHash, "signingHash");
    votes = List.copyOf(votes);
    if (height < 1 || round < 0 || votes.size() > 2) {
      throw new IllegalArgumentException("need height >= 1, round >= 0 and at most two votes");
    }
    for (Vote vote : votes) {
      if (vote.height() != height) {
        throw new IllegalArgumentException("a vote of height " + vote.height() + " in " + height);
      }
    }
  }

  /**
   * Whether this validator may sign {@code signingHash} at (h, r, s): only above the last signed
   * position, or exactly there if it is the message signed there (a re-broadcast, never a
   * conflict).
   */
  public boolean allows(long h, long r, SigningStep s, Bytes32 hash) {
    int order = compare(h, r, s, height, round, step);
    return order > 0 || (order == 0 && hash.equals(signingHash));
  }

  /** Whether the last signed position lies strictly below (h, r, s). */
  public boolean precedes(long h, long r, SigningStep s) {
    return compare(h, r, s, height, round, step) > 0;
  }

  /** The step at which {@code message} (a proposal or a vote) is signed. */
  public static SigningStep stepOf(ConsensusMessage message) {
    return switch (message) {
      case Proposal p -> SigningStep.PROPOSAL;
      case Vote v -> SigningStep.of(v.type());
      default -> throw new IllegalArgumentException("not a signed proposal or vote: " + message);
    };
  }

  /** The hash a proposal or a vote signs. */
  public static Bytes32 signingHashOf(ConsensusMessage message, long chainId) {
    return switch (message) {
      case Proposal p -> p.signingHash(chainId);
      case Vote v -> v.signingHash(chainId);
      default -> throw new IllegalArgumentException("not a signed proposal or vote: " + message);
    };
  }

  /**
   * The record after this validator signed {@code own} (a proposal or a vote of its own), which
   * {@code current} must allow; an identical re-signature leaves it as it is.
   *
   * @throws IllegalStateException if {@code current} refuses {@code own}: a double signature
   */
  public static LastSigned after(Optional<LastSigned> current, ConsensusMessage own, long chainId) {
    SigningStep s = stepOf(own);
    Bytes32 hash = signingHashOf(own, chainId);
    if (current.isPresent() && !current.get().allows(own.height(), own.round(), s, hash)) {
      LastSigned last = current.get();
      throw new IllegalStateException(
          "refusing to sign "
              + s
              + " at height "
              + own.height()
              + " round "
              + own.round()
              + ": this validator already signed "
              + last.step
              + " at height "
              + last.height
              + " round "
              + last.round);
    }
    List<Vote> candidates = new ArrayList<>();
    current.filter(c -> c.height == own.height()).ifPresent(c -> candidates.addAll(c.votes));
    if (own instanceof Vote v) {
      candidates.add(v);
    }
    return new LastSigned(own.height(), own.round(), s, hash, worthKeeping(candidates));
  }

  /** The last vote signed and the highest-round precommit for a block, without duplicates. */
  private static List<Vote> worthKeeping(List<Vote> votes) {
    List<Vote> kept = new ArrayList<>(2);
    votes.stream()
        .max(Comparator.comparingLong(Vote::round).thenComparing(v -> SigningStep.of(v.type())))
        .ifPresent(kept::add);
    votes.stream()
        .filter(v -> v.type() == VoteType.PRECOMMIT && !v.isNil())
        .max(Comparator.comparingLong(Vote::round))
        .filter(lock -> !kept.contains(lock))
        .ifPresent(kept::add);
    return kept;
  }

  private static int compare(long h1, long r1, SigningStep s1, long h2, long r2, SigningStep s2) {
    if (h1 != h2) {
      return Long.compare(h1, h2);
    }
    if (r1 != r2) {
      return Long.compare(r1, r2);
    }
    return s1.compareTo(s2);
  }
}
