package io.parley.sdk;

/** JSON-RPC error codes of docs/rpc.md "Errors" that a client acts on. */
public final class ErrorCodes {
  public static final int TRANSACTION_NOT_FOUND = 4041;
  public static final int TRANSACTION_PENDING = 4042;
  public static final int NO_CONTRACT = 4050;
  public static final int NO_SECRET_INPUTS = 4070;
  public static final int NO_COMPUTATION = 4071;

  private ErrorCodes() {}
}
