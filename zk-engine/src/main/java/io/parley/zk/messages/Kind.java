package io.parley.zk.messages;

/** What an {@link Envelope} carries; the byte is part of the signed digest. */
public enum Kind {
  /** Shares of a degree-t opening, broadcast (the only online message). */
  OPEN(1),
  /** Shares dealt by the sender to one recipient (preprocessing). */
  DEAL(2),
  /**
   * The sender's contribution to the joint challenge of a preprocessing batch; in the PRSS key
   * agreement, the sender's statement (digests of its key contributions).
   */
  COIN(3),
  /** A preprocessing party's seed and the signed messages it received, after a failed check. */
  DISCLOSE(4),
  /** A self-verifying {@code Blame}, broadcast so every honest party stops. */
  BLAME(5),
  /** A preprocessing member's verdict round: empty, or a Dolev-Strong chain of abort signatures. */
  VERDICT(6),
  /** Shares of a king-based opening (ADR 0025), sent to the king of their chunk. */
  KING_SHARES(8),
  /** A king's opened values of one chunk, broadcast with its signed values statement. */
  KING_VALUES(9),
  /** Echo of every chunk's values statement and the check shares of a king-based opening. */
  KING_CONFIRM(10),
  /**
   * Signed envelopes the sender received, forwarded so that members compare them (PRSS keys, rep4
   * input check).
   */
  ECHO(7),
  /** A rep4 member's keyed digests of the wallet-dealt input components it holds (rep4.md). */
  INPUT_DIGESTS(11),
  /**
   * Seat recovery (mpc-network.md section 7): a holder's masked shares for the member that takes a
   * seat over, or, on Shamir committees, its mask evaluations dealt to another holder.
   */
  RECOVER(12);

  private final int code;

  Kind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Kind of(int code) {
    for (Kind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown message kind " + code);
  }
}
