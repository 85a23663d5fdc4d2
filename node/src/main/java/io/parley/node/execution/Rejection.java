package io.parley.node.execution;

/**
 * Why a transaction cannot be accepted or included. Each reason has a stable JSON-RPC error code
 * (docs/rpc.md) and every rejection a human-readable message with the specifics.
 */
public record Rejection(Reason reason, String message) {

  /** Stable rejection reasons; the code is the JSON-RPC application error code. */
  public enum Reason {
    MALFORMED(4001),
    OVERSIZED(4002),
    BAD_SIGNATURE(4003),
    WRONG_CHAIN_ID(4004),
    NONCE_TOO_LOW(4005),
    NONCE_TOO_HIGH(4006),
    INSUFFICIENT_BALANCE(4007),
    DUPLICATE(4008),
    NONCE_PENDING(4009),
    UNDERPRICED(4010),
    GAS_LIMIT(4011),
    UNSUPPORTED_KIND(4012),
    MEMPOOL_FULL(4013),
    SENDER_LIMIT(4014),
    MALFORMED_PAYLOAD(4015),
    MALFORMED_SECRET_INPUT(4016),
    MALFORMED_VOTE(4017);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  public static Rejection of(Reason reason, String message) {
    return new Rejection(reason, message);
  }
}
