package io.parley.zk.preprocessing;

import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The dispute of an aborted preprocessing batch: replays a member from its signed disclosure and
 * compares the result with envelopes it signed. Deterministic, and needs only the committee's
 * public keys, so the same code finds the cheater at the members and checks the blame on-chain.
 */
public final class BatchReplay {
  private BatchReplay() {}

  /** A replayed member: the envelopes it must have sent, by (step, recipient), and its check. */
  record Replayed(Map<Long, Envelope> expected, boolean checkPasses) {
    Optional<Envelope> expectedFor(int step, int recipient) {
      return Optional.ofNullable(expected.get(key(step, recipient)));
    }
  }

  static long key(int step, int recipient) {
    return ((long) step << 32) | (recipient & 0xffffffffL);
  }

  /** Replays the member behind a DISCLOSE envelope; empty when the disclosure is malformed. */
  static Optional<Replayed> replay(Committee committee, Envelope disclosure) {
    int member = disclosure.sender();
    int n = committee.size();
    if (disclosure.kind() != Kind.DISCLOSE || !committee.signedBySender(disclosure)) {
      return Optional.empty();
    }
    SeedDisclosure parsed;
    try {
      parsed = SeedDisclosure.decode(disclosure.data());
    } catch (MalformedMessageException e) {
      return Optional.empty();
    }
    BatchPlan plan = parsed.plan();
    if (plan.parties() != n || parsed.received().size() != 4 * (n - 1)) {
      return Optional.empty();
    }
    Bytes32 batch = disclosure.computation();
    BatchMember replayed = new BatchMember(plan, batch, member, parsed.seed());
    Envelope[][] byRound = new Envelope[4][n];
    for (Envelope e : parsed.received()) {
      if (e.step() < 0 || e.step() > BatchPlan.CHECK || e.sender() < 0 || e.sender() >= n) {
        return Optional.empty();
      }
      if (e.sender() == member || byRound[e.step()][e.sender()] != null) {
        return Optional.empty();
      }
      if (!replayed.wellFormed(e.step(), e) || !committee.signedBySender(e)) {
        return Optional.empty();
      }
      byRound[e.step()][e.sender()] = e;
    }
    Map<Long, Envelope> expected = new HashMap<>();
    for (int round = BatchPlan.DEAL; round <= BatchPlan.CHECK; round++) {
      for (Envelope e : replayed.outgoing(round)) {
        expected.put(key(round, e.recipient()), e);
      }
      replayed.accept(round, byRound[round]);
    }
    return Optional.of(new Replayed(expected, replayed.checkPasses()));
  }

  /**
   * Finds a cheater from all members' disclosures (index = member), every envelope observed as
   * sent, and the abort chain carrier. The first deviation in member order is blamed.
   */
  static Optional<Blame> findDeviation(
      Committee committee,
      Envelope[] disclosures,
      List<Envelope> observed,
      Optional<Envelope> chainCarrier) {
    Replayed[] replayed = new Replayed[committee.size()];
    for (int member = 0; member < committee.size(); member++) {
      Optional<Replayed> r = replay(committee, disclosures[member]);
      if (r.isEmpty()) {
        return Optional.of(
            new Blame.PreprocessingDeviation(member, disclosures[member], disclosures[member]));
      }
      replayed[member] = r.get();
    }
    Bytes32 batch = disclosures[0].computation();
    for (int member = 0; member < committee.size(); member++) {
      for (Envelope sent : observed) {
        boolean attributable =
            sent.sender() == member
                && sent.computation().equals(batch)
                && sent.step() <= BatchPlan.CHECK
                && committee.signedBySender(sent);
        if (attributable && deviates(replayed[member], sent)) {
          return Optional.of(new Blame.PreprocessingDeviation(member, disclosures[member], sent));
        }
      }
    }
    if (chainCarrier.isPresent()) {
      AbortChain chain = AbortChain.decode(chainCarrier.get().data());
      int starter = chain.links().get(0).signer();
      if (replayed[starter].checkPasses()) {
        return Optional.of(
            new Blame.PreprocessingDeviation(starter, disclosures[starter], chainCarrier.get()));
      }
    }
    return Optional.empty();
  }

  private static boolean deviates(Replayed replayed, Envelope sent) {
    if (sent.step() > BatchPlan.CHECK) {
      return false;
    }
    Optional<Envelope> expected = replayed.expectedFor(sent.step(), sent.recipient());
    return expected.isEmpty() || !expected.get().sameContent(sent);
  }

  /** Third-party check of a {@link Blame.PreprocessingDeviation}. */
  /**
   * The verifier of the broadcast path's blames: deviations in batches, wrong shares, equivocation.
   */
  public static BlameVerifier verifier(Committee committee) {
    return BlameVerifier.of(
        Blame.PreprocessingDeviation.class,
        b -> verifyDeviation(committee, (Blame.PreprocessingDeviation) b),
        new OpeningBlameVerifier(committee));
  }

  public static Verdict verifyDeviation(Committee committee, Blame.PreprocessingDeviation blame) {
    Envelope disclosure = blame.disclosure();
    Envelope sent = blame.sent();
    if (disclosure.sender() != blame.accused()
        || disclosure.kind() != Kind.DISCLOSE
        || !committee.signedBySender(disclosure)) {
      return new Verdict(false, "disclosure not signed by the accused");
    }
    Optional<Replayed> replayed = replay(committee, disclosure);
    if (sent == disclosure || (sent.kind() == Kind.DISCLOSE && sent.sameContent(disclosure))) {
      return replayed.isEmpty()
          ? new Verdict(true, "the accused signed a malformed disclosure")
          : new Verdict(false, "disclosure is well formed");
    }
    if (replayed.isEmpty()) {
      return new Verdict(true, "the accused signed a malformed disclosure");
    }
    if (!sent.computation().equals(disclosure.computation())) {
      return new Verdict(false, "different batches");
    }
    if (sent.kind() == Kind.VERDICT) {
      AbortChain chain;
      try {
        chain = AbortChain.decode(sent.data());
      } catch (MalformedMessageException e) {
        return new Verdict(false, "malformed abort chain");
      }
      if (chain.links().isEmpty()
          || chain.links().get(0).signer() != blame.accused()
          || !chain.valid(committee, sent.computation())) {
        return new Verdict(false, "abort chain not started by the accused");
      }
      return replayed.get().checkPasses()
          ? new Verdict(true, "the accused started an abort although its check passes")
          : new Verdict(false, "the accused's check failed: its abort was honest");
    }
    if (sent.sender() != blame.accused() || !committee.signedBySender(sent)) {
      return new Verdict(false, "envelope not signed by the accused");
    }
    return deviates(replayed.get(), sent)
        ? new Verdict(true, "signed envelope differs from the replay of the accused")
        : new Verdict(false, "signed envelope matches the replay");
  }
}
