package io.parley.zk.king;

import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.OpeningBlameVerifier;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.sharing.ReedSolomon;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a {@link Blame.King} with the committee's public keys only (docs/spec/king-opening.md
 * section 5). The argument for each reason assumes at most t corrupt members, as the protocol does:
 *
 * <ul>
 *   <li>EQUIVOCATION: two confirms (by anyone) carrying, for the same chunk of the same step, two
 *       statements validly signed by the chunk's king with different value hashes. Only the king
 *       can sign them.
 *   <li>FALSE_CONFIRM: a confirm signed by the accused whose statement for the chunk is missing,
 *       malformed, for another king or chunk, or not signed by that chunk's king. An honest member
 *       only echoes statements it has verified.
 *   <li>WRONG_VALUE: n confirms of one step, signed by their n senders, with identical statements
 *       (the same announced values); the check shares of the chunk form a codeword of the opening's
 *       degree d <= 2t whose value at 0 is not zero. The 2t+1 honest check shares fix that
 *       codeword, and it is zero whenever the king announced the values its shares define.
 * </ul>
 */
public final class KingBlameVerifier {
  private KingBlameVerifier() {}

  /**
   * The verifier of every blame king-based openings and their preprocessing batches produce: king
   * faults, replays of disclosed batch keys, and wrong shares or equivocations in king envelopes.
   */
  public static BlameVerifier of(Committee committee) {
    BlameVerifier openings = new OpeningBlameVerifier(committee, KingLayout.INSTANCE);
    return BlameVerifier.of(
        Blame.King.class,
        b -> verdict(committee, (Blame.King) b),
        BlameVerifier.of(
            Blame.Replay.class, b -> Dn07Replay.verdict(committee, (Blame.Replay) b), openings));
  }

  public static Verdict verdict(Committee committee, Blame.King blame) {
    try {
      return switch (blame.reason()) {
        case Blame.King.EQUIVOCATION -> equivocation(committee, blame);
        case Blame.King.FALSE_CONFIRM -> falseConfirm(committee, blame);
        case Blame.King.WRONG_VALUE -> wrongValue(committee, blame);
        default -> new Verdict(false, "unknown reason " + blame.reason());
      };
    } catch (MalformedMessageException e) {
      return new Verdict(false, "malformed evidence: " + e.getMessage());
    }
  }

  private static boolean isConfirm(Envelope e, Committee committee) {
    return e.kind() == Kind.KING_CONFIRM
        && e.recipient() == Envelope.BROADCAST
        && KingData.degreeOfConfirm(e) >= committee.threshold()
        && KingData.degreeOfConfirm(e) <= 2 * committee.threshold()
        && committee.signedBySender(e);
  }

  private static Verdict equivocation(Committee committee, Blame.King blame) {
    if (blame.confirms().size() != 2) {
      return new Verdict(false, "need two confirms");
    }
    Envelope a = blame.confirms().get(0);
    Envelope b = blame.confirms().get(1);
    if (!isConfirm(a, committee) || !isConfirm(b, committee)) {
      return new Verdict(false, "not two signed confirms");
    }
    if (!a.computation().equals(b.computation()) || a.step() != b.step()) {
      return new Verdict(false, "confirms of different steps");
    }
    List<ValuesStatement> sa = KingData.statements(a);
    List<ValuesStatement> sb = KingData.statements(b);
    int c = blame.index();
    if (c >= sa.size() || c >= sb.size()) {
      return new Verdict(false, "chunk out of range");
    }
    ValuesStatement x = sa.get(c);
    ValuesStatement y = sb.get(c);
    boolean sameSlot =
        x.chunk() == c
            && y.chunk() == c
            && x.king() == blame.accused()
            && KingData.kingOf(a, c, committee.size()) == blame.accused();
    if (!sameSlot || y.king() != blame.accused()) {
      return new Verdict(false, "statements are not the accused's for this chunk");
    }
    if (x.valuesHash().equals(y.valuesHash())) {
      return new Verdict(false, "statements agree");
    }
    var key = committee.members().get(blame.accused());
    return x.validFor(key) && y.validFor(key)
        ? new Verdict(true, "king signed two different values for one chunk")
        : new Verdict(false, "a statement is not signed by the accused");
  }

  private static Verdict falseConfirm(Committee committee, Blame.King blame) {
    if (blame.confirms().size() != 1) {
      return new Verdict(false, "need the accused's confirm");
    }
    Envelope e = blame.confirms().get(0);
    if (!isConfirm(e, committee) || e.sender() != blame.accused()) {
      return new Verdict(false, "not a confirm signed by the accused");
    }
    List<ValuesStatement> statements;
    try {
      statements = KingData.statements(e);
    } catch (MalformedMessageException malformed) {
      return new Verdict(true, "confirm carries malformed statements");
    }
    if (statements.size() != e.values().length) {
      return new Verdict(true, "confirm's statements and check shares differ in number");
    }
    int c = blame.index();
    if (c < 0 || c >= statements.size()) {
      return new Verdict(false, "chunk out of range");
    }
    ValuesStatement s = statements.get(c);
    int king = KingData.kingOf(e, c, committee.size());
    if (king < 0
        || statements.size()
            != KingChunks.of(KingData.valuesOfConfirm(e), committee.size()).size()) {
      return new Verdict(true, "confirm does not match the layout of its own opening");
    }
    if (s.chunk() != c || s.king() != king) {
      return new Verdict(true, "statement names another chunk or king");
    }
    return s.validFor(committee.members().get(king))
        ? new Verdict(false, "statement is validly signed")
        : new Verdict(true, "statement is not signed by its king");
  }

  private static Verdict wrongValue(Committee committee, Blame.King blame) {
    int n = committee.size();
    List<Envelope> confirms = blame.confirms();
    if (confirms.size() != n) {
      return new Verdict(false, "need one confirm per member");
    }
    Envelope[] bySender = new Envelope[n];
    Envelope first = confirms.get(0);
    for (Envelope e : confirms) {
      if (!isConfirm(e, committee)) {
        return new Verdict(false, "not signed confirms");
      }
      if (!e.computation().equals(first.computation())
          || e.step() != first.step()
          || !Arrays.equals(e.data(), first.data())
          || e.values().length != first.values().length) {
        return new Verdict(false, "confirms disagree on step or statements");
      }
      if (bySender[e.sender()] != null) {
        return new Verdict(false, "two confirms from one member");
      }
      bySender[e.sender()] = e;
    }
    int c = blame.index();
    List<ValuesStatement> statements = KingData.statements(first);
    if (c < 0 || c >= statements.size() || c >= first.values().length) {
      return new Verdict(false, "chunk out of range");
    }
    ValuesStatement s = statements.get(c);
    if (s.king() != blame.accused()
        || s.chunk() != c
        || KingData.kingOf(first, c, n) != blame.accused()) {
      return new Verdict(false, "the accused is not this chunk's king");
    }
    if (!s.validFor(committee.members().get(blame.accused()))) {
      return new Verdict(false, "statement not signed by the accused");
    }
    FieldElement[] column = new FieldElement[n];
    for (int j = 0; j < n; j++) {
      column[j] = bySender[j].values()[c];
    }
    ReedSolomon code = new ReedSolomon(n, KingData.degreeOfConfirm(first));
    if (!code.isCodeword(column)) {
      return new Verdict(false, "check shares are not a codeword: blame their senders instead");
    }
    return code.interpolateZero(column).isZero()
        ? new Verdict(false, "check opens to zero")
        : new Verdict(true, "check of the king's values opens to a non-zero value");
  }
}
