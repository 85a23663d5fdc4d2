package io.parley.consensus.messages;

import java.util.Optional;

/** The two voting steps of a Tendermint round. */
public enum VoteType {
  /** First vote of a round: the block (or nil) a validator accepts from the round's proposer. */
  PREVOTE(1),
  /** Second vote: sent after 2f+1 prevotes for the block (a polka); 2f+1 of them commit it. */
  PRECOMMIT(2);

  private final int code;

  VoteType(int code) {
    this.code = code;
  }

  /** The value of the type field on the wire. */
  public int code() {
    return code;
  }

  public static Optional<VoteType> fromCode(long code) {
    for (VoteType type : values()) {
      if (type.code == code) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
