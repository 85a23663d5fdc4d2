package io.parley.base.tx;

import io.parley.base.encoding.EncodingException;

/** What a transaction does. The code is the kind field's value in the encoding. */
public enum TransactionKind {
  /** Moves value to {@code to}. */
  TRANSFER(0, true),
  /** Deploys a contract bundle from the payload; {@code to} is empty. */
  DEPLOY(1, false),
  /** Calls an action of the contract at {@code to}. */
  CALL(2, true),
  /** Delivers an encrypted secret input to the contract at {@code to}'s MPC committee. */
  SECRET_INPUT(3, true),
  /**
   * A committee member's signed vote for a confidential computation's result (attestation.md
   * section 5), to the contract that started it.
   */
  COMPUTATION_VOTE(4, true);

  private final int code;
  private final boolean requiresRecipient;

  TransactionKind(int code, boolean requiresRecipient) {
    this.code = code;
    this.requiresRecipient = requiresRecipient;
  }

  public int code() {
    return code;
  }

  public boolean requiresRecipient() {
    return requiresRecipient;
  }

  public static TransactionKind fromCode(long code) {
    for (TransactionKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new EncodingException("unknown transaction kind " + code);
  }
}
