package io.parley.zk.evidence;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.preprocessing.BatchReplay;
import io.parley.zk.sharing.Decoding;
import io.parley.zk.sharing.ReedSolomon;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a {@link Blame} with nothing but the committee's public keys: usable by the chain to
 * record and exclude a cheater. Stateless and deterministic.
 */
public final class BlameVerifier {
  private final Committee committee;
  private final ReedSolomon decoder;

  public BlameVerifier(Committee committee) {
    this.committee = committee;
    this.decoder = new ReedSolomon(committee.size(), committee.threshold());
  }

  /** The verdict on a blame: valid, or the reason it is rejected. */
  public record Verdict(boolean valid, String reason) {
    static Verdict accept(String reason) {
      return new Verdict(true, reason);
    }

    static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }

  public Verdict verify(Blame blame) {
    if (blame.accused() < 0 || blame.accused() >= committee.size()) {
      return Verdict.reject("accused index out of range");
    }
    return switch (blame) {
      case Blame.WrongShare w -> verifyWrongShare(w);
      case Blame.Equivocation e -> verifyEquivocation(e);
      case Blame.PreprocessingDeviation p -> BatchReplay.verifyDeviation(committee, p);
      case Blame.Rep4 r -> io.parley.zk.rep4.Rep4BlameVerifier.verdict(committee, r);
      case Blame.King k -> io.parley.zk.king.KingBlameVerifier.verdict(committee, k);
      case Blame.Replay r -> io.parley.zk.king.Dn07Replay.verdict(committee, r);
      case Blame.PrssKeys p -> io.parley.zk.prss.PrssBlameVerifier.verdict(committee, p);
    };
  }

  private Verdict verifyWrongShare(Blame.WrongShare blame) {
    int n = committee.size();
    if (blame.openings().size() != n) {
      return Verdict.reject("need one opening per member");
    }
    Envelope[] bySender = new Envelope[n];
    Envelope first = blame.openings().get(0);
    for (Envelope e : blame.openings()) {
      if (!isDegreeTOpening(e, first)) {
        return Verdict.reject("not an opening of degree t");
      }
      if (!e.computation().equals(first.computation())
          || e.step() != first.step()
          || !java.util.Arrays.equals(e.data(), first.data())) {
        return Verdict.reject("openings of different steps or chunks");
      }
      if (e.sender() < 0 || e.sender() >= n || bySender[e.sender()] != null) {
        return Verdict.reject("senders are not the n members");
      }
      if (!committee.signedBySender(e)) {
        return Verdict.reject("bad signature from member " + e.sender());
      }
      bySender[e.sender()] = e;
    }
    Map<Integer, Integer> lengths = new HashMap<>();
    for (Envelope e : bySender) {
      lengths.merge(e.values().length, 1, Integer::sum);
    }
    int accusedLength = bySender[blame.accused()].values().length;
    Optional<Integer> agreed =
        lengths.entrySet().stream()
            .filter(en -> en.getValue() >= n - committee.threshold())
            .map(Map.Entry::getKey)
            .findFirst();
    if (agreed.isEmpty()) {
      return Verdict.reject("no 2t+1 members agree on the opening size");
    }
    if (accusedLength != agreed.get()) {
      return Verdict.accept(
          "accused sent " + accusedLength + " shares, members agree on " + agreed);
    }
    int index = blame.index();
    if (index < 0 || index >= accusedLength) {
      return Verdict.reject("index out of range");
    }
    FieldElement[] column = new FieldElement[n];
    for (int i = 0; i < n; i++) {
      if (bySender[i].values().length != accusedLength) {
        return Verdict.reject("member " + i + " sent a different size; it is the one to blame");
      }
      column[i] = bySender[i].values()[index];
    }
    Optional<Decoding> decoding = decoder.decode(column);
    if (decoding.isEmpty()) {
      return Verdict.reject("more than t wrong shares: outside the threat model");
    }
    return decoding.get().wrongParties().contains(blame.accused())
        ? Verdict.accept("share off the decoded codeword")
        : Verdict.reject("accused's share lies on the codeword");
  }

  /**
   * Envelopes whose values are shares of degree-t sharings, one per member: broadcast openings,
   * shares sent to one king (all to the same one), or the check shares of king confirms; king
   * envelopes name their degree in their data, and only degree t can be decoded here.
   */
  private boolean isDegreeTOpening(Envelope e, Envelope first) {
    int t = committee.threshold();
    return switch (e.kind()) {
      case OPEN -> e.recipient() == Envelope.BROADCAST;
      case KING_SHARES ->
          e.recipient() == first.recipient() && io.parley.zk.king.KingData.degreeOfShares(e) == t;
      case KING_CONFIRM ->
          e.recipient() == Envelope.BROADCAST && io.parley.zk.king.KingData.degreeOfConfirm(e) == t;
      default -> false;
    };
  }

  private Verdict verifyEquivocation(Blame.Equivocation blame) {
    Envelope a = blame.first();
    Envelope b = blame.second();
    if (a.sender() != blame.accused() || b.sender() != blame.accused()) {
      return Verdict.reject("envelopes not from the accused");
    }
    if (!committee.signedBySender(a) || !committee.signedBySender(b)) {
      return Verdict.reject("bad signature");
    }
    boolean sameSlot =
        a.computation().equals(b.computation())
            && a.step() == b.step()
            && a.recipient() == b.recipient()
            && a.kind() == b.kind()
            // an OPEN envelope's data is its chunk index, part of the slot; king shares and values
            // start with theirs
            && (a.kind() != Kind.OPEN || java.util.Arrays.equals(a.data(), b.data()))
            && (a.kind() != Kind.KING_SHARES && a.kind() != Kind.KING_VALUES
                || io.parley.zk.king.KingData.sameChunk(a, b));
    if (!sameSlot) {
      return Verdict.reject("envelopes are for different slots");
    }
    return a.sameContent(b)
        ? Verdict.reject("envelopes are identical")
        : Verdict.accept("two different signed envelopes for one slot");
  }
}
