package io.parley.zk.prss;

import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.MalformedMessageException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks {@link PrssEvidence} with the committee's public keys only. Accepted when every envelope
 * it holds is signed by the accused and sits in the accused's statement or contribution slot of the
 * computation, and the statement is malformed, or the contributions are malformed, or a
 * contribution's digest differs from the statement's. An honest member signs one well-formed
 * statement and well-formed contributions that match it, so no evidence against it is accepted.
 */
public final class PrssBlameVerifier {
  private PrssBlameVerifier() {}

  /** The verifier of the PRSS key agreement's blames (and equivocation in its envelopes). */
  public static BlameVerifier of(Committee committee) {
    return BlameVerifier.of(
        Blame.PrssKeys.class,
        b -> verdict(committee, (Blame.PrssKeys) b),
        new OpeningBlameVerifier(committee));
  }

  /** The check of a {@code Blame.PrssKeys}. */
  public static Verdict verdict(Committee committee, Blame.PrssKeys blame) {
    PrssEvidence evidence;
    try {
      evidence = PrssEvidence.decode(blame.evidence());
    } catch (MalformedMessageException e) {
      return new Verdict(false, e.getMessage());
    }
    if (evidence.accused() != blame.accused()
        || !evidence.computation().equals(blame.computation())) {
      return new Verdict(false, "header disagrees with evidence");
    }
    Optional<String> rejected = reject(committee, evidence);
    return new Verdict(rejected.isEmpty(), rejected.orElse("PRSS contribution evidence holds"));
  }

  /** Decodes a {@code Blame.PrssKeys} from its evidence bytes (for {@code BlameCodec}). */
  public static Blame.PrssKeys blame(int accused, byte[] evidence) {
    PrssEvidence e = PrssEvidence.decode(evidence);
    return new Blame.PrssKeys(accused, e.computation(), evidence);
  }

  /** {@link io.parley.zk.evidence.BlameCodec.OpaqueDecoder} for variant 5. */
  public static Blame opaque(int variant, int accused, byte[] evidence) {
    if (variant != 5) {
      throw new MalformedMessageException("blame variant " + variant + " is not a PRSS blame");
    }
    return blame(accused, evidence);
  }

  /** The blame for evidence a session gathered. */
  static Blame.PrssKeys blame(PrssEvidence evidence) {
    return new Blame.PrssKeys(evidence.accused(), evidence.computation(), evidence.encode());
  }

  /** Empty when the evidence proves its accused deviated; otherwise why it is rejected. */
  public static Optional<String> reject(Committee committee, PrssEvidence evidence) {
    int n = committee.size();
    int t = committee.threshold();
    int accused = evidence.accused();
    if (accused < 0 || accused >= n) {
      return Optional.of("accused index out of range");
    }
    if (evidence.statement().isEmpty() && evidence.deal().isEmpty()) {
      return Optional.of("no envelope");
    }
    Optional<TreeMap<Integer, byte[]>> digests = Optional.empty();
    if (evidence.statement().isPresent()) {
      Envelope s = evidence.statement().get();
      if (s.sender() != accused
          || !KeyMessages.isStatement(s, evidence.computation())
          || !committee.signedBySender(s)) {
        return Optional.of("statement is not the accused's signed statement");
      }
      digests = KeyMessages.statementDigests(s, n, t);
      if (digests.isEmpty()) {
        return Optional.empty();
      }
    }
    Optional<TreeMap<Integer, byte[]>> contributions = Optional.empty();
    if (evidence.deal().isPresent()) {
      Envelope d = evidence.deal().get();
      if (d.sender() != accused
          || !KeyMessages.isDeal(d, evidence.computation(), n)
          || !committee.signedBySender(d)) {
        return Optional.of("deal is not a signed contribution envelope of the accused");
      }
      contributions = KeyMessages.dealContributions(d, n, t);
      if (contributions.isEmpty()) {
        return Optional.empty();
      }
    }
    if (digests.isEmpty() || contributions.isEmpty()) {
      return Optional.of("a single well-formed envelope proves nothing");
    }
    return KeyMessages.firstMismatch(digests.get(), contributions.get()).isPresent()
        ? Optional.empty()
        : Optional.of("contributions match the statement");
  }
}
