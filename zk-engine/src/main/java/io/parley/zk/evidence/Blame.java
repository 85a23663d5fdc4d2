package io.parley.zk.evidence;

import io.parley.zk.messages.Envelope;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Proof that one committee member deviated, checkable by anyone holding only the committee's public
 * keys ({@link BlameVerifier}). Honest members are never accused when at most t members are
 * corrupt: every variant rests on the accused's own signatures.
 */
public sealed interface Blame {
  int accused();

  Bytes32 computation();

  /**
   * A share that is off the Reed-Solomon codeword of a degree-t opening: the n signed OPEN
   * envelopes of one (computation, step), one per member; decoding column {@code index} names the
   * accused. With at most t wrong shares the 2t+1 honest shares fix the codeword.
   */
  record WrongShare(int accused, int index, List<Envelope> openings) implements Blame {
    public WrongShare {
      openings = List.copyOf(openings);
    }

    @Override
    public Bytes32 computation() {
      return openings.get(0).computation();
    }
  }

  /** Two different envelopes signed by the accused for the same (computation, step, recipient). */
  record Equivocation(int accused, Envelope first, Envelope second) implements Blame {
    @Override
    public Bytes32 computation() {
      return first.computation();
    }
  }

  /**
   * A preprocessing batch whose check failed: the accused's signed disclosure (seed and the signed
   * messages it received) replays to an envelope that differs from one it signed and sent, or the
   * disclosure itself is inconsistent with what it signed.
   */
  record PreprocessingDeviation(int accused, Envelope disclosure, Envelope sent) implements Blame {
    @Override
    public Bytes32 computation() {
      return disclosure.computation();
    }
  }

  /**
   * A Fantastic Four (rep4) conflict or equivocation: {@code evidence} is the encoding of {@code
   * io.parley.zk.rep4.Rep4Evidence} (docs/spec/rep4.md), checked by {@code Rep4BlameVerifier}.
   */
  record Rep4(int accused, Bytes32 computation, byte[] evidence) implements Blame {}

  /**
   * A fault in a king-based opening (ADR 0025, docs/spec/king-opening.md), proven by confirm
   * envelopes of one step and checked by {@code io.parley.zk.king.KingBlameVerifier}: {@code
   * reason} 1 = the king of chunk {@code index} signed two value statements for it (two confirms
   * carrying them), 2 = the accused's confirm carries an invalid statement for chunk {@code index},
   * 3 = the n confirms' check shares for chunk {@code index} decode, at the opening's degree, to a
   * non-zero value: its king announced wrong values.
   */
  /**
   * A preprocessing batch replayed with its disclosed per-batch PRSS keys ({@code
   * io.parley.zk.king.Dn07Replay}, docs/spec/king-opening.md section 6): the n signed DISCLOSE
   * envelopes of the batch, then the accused's signed SHARES envelope whose product shares differ
   * from what its keys prescribe, or nothing more when the accused's own disclosure differs from
   * the majority of the key's holders.
   */
  record Replay(int accused, List<Envelope> envelopes) implements Blame {
    public Replay {
      envelopes = List.copyOf(envelopes);
      if (envelopes.isEmpty()) {
        throw new IllegalArgumentException("a replay blame carries the disclosures");
      }
    }

    @Override
    public Bytes32 computation() {
      return envelopes.get(0).computation();
    }
  }

  record King(int accused, int reason, int index, List<Envelope> confirms) implements Blame {
    public static final int EQUIVOCATION = 1;
    public static final int FALSE_CONFIRM = 2;
    public static final int WRONG_VALUE = 3;

    public King {
      confirms = List.copyOf(confirms);
      if (confirms.isEmpty()) {
        throw new IllegalArgumentException("a king blame carries at least one confirm");
      }
    }

    @Override
    public Bytes32 computation() {
      return confirms.get(0).computation();
    }
  }

  /**
   * A PRSS key agreement deviation: {@code evidence} is the encoding of {@code
   * io.parley.zk.prss.PrssEvidence} (docs/spec/prss.md), checked by {@code PrssBlameVerifier}.
   */
  record PrssKeys(int accused, Bytes32 computation, byte[] evidence) implements Blame {}
}
