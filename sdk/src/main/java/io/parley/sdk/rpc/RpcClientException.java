package io.parley.sdk.rpc;

/** A JSON-RPC call failed: the node answered with an error, or could not be reached. */
public final class RpcClientException extends Exception {
  private final int code;

  public RpcClientException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The JSON-RPC error code, or 0 when the node could not be reached. */
  public int code() {
    return code;
  }
}
