package io.parley.zk.evidence;

import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.sharing.Decoding;
import io.parley.zk.sharing.ReedSolomon;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the two blames every envelope-based protocol produces, {@link Blame.WrongShare} and {@link
 * Blame.Equivocation}, with nothing but the committee's public keys; the protocol's {@link
 * EnvelopeLayout} says which envelopes carry degree-t shares and what a slot is. Other variants are
 * rejected: their protocol's verifier checks them. Stateless and deterministic.
 */
public final class OpeningBlameVerifier implements BlameVerifier {
  private final Committee committee;
  private final EnvelopeLayout layout;
  private final ReedSolomon decoder;

  public OpeningBlameVerifier(Committee committee, EnvelopeLayout layout) {
    this.committee = committee;
    this.layout = layout;
    this.decoder = new ReedSolomon(committee.size(), committee.threshold());
  }

  /** The verifier for protocols whose openings are broadcast ({@link EnvelopeLayout#BROADCAST}). */
  public OpeningBlameVerifier(Committee committee) {
    this(committee, EnvelopeLayout.BROADCAST);
  }

  @Override
  public Verdict verify(Blame blame) {
    if (blame.accused() < 0 || blame.accused() >= committee.size()) {
      return Verdict.reject("accused index out of range");
    }
    return switch (blame) {
      case Blame.WrongShare w -> verifyWrongShare(w);
      case Blame.Equivocation e -> verifyEquivocation(e);
      default -> Verdict.reject("not a blame of this protocol");
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
      if (!layout.degreeTShares(e, first, committee.threshold())) {
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
            && layout.sameSlot(a, b);
    if (!sameSlot) {
      return Verdict.reject("envelopes are for different slots");
    }
    return a.sameContent(b)
        ? Verdict.reject("envelopes are identical")
        : Verdict.accept("two different signed envelopes for one slot");
  }
}
