package io.parley.node.rpc;

/**
 * JSON-RPC error codes. The -327xx/-326xx codes are the JSON-RPC 2.0 standard ones; the 4xxx codes
 * are Parley's application codes (documented in docs/rpc.md and the OpenRPC document). Transaction
 * rejections use the codes of {@link io.parley.node.execution.Rejection.Reason}.
 */
public final class RpcErrors {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  public static final int BLOCK_NOT_FOUND = 4040;
  public static final int TRANSACTION_NOT_FOUND = 4041;
  public static final int TRANSACTION_PENDING = 4042;
  public static final int SUBSCRIPTION_NEEDS_WEBSOCKET = 4060;
  public static final int SUBSCRIPTION_LIMIT = 4061;
  public static final int SUBSCRIPTION_NOT_FOUND = 4062;

  /** A view or estimate stopped at {@code --rpc-query-timeout-millis} (ADR 0045). */
  public static final int QUERY_STOPPED = 4053;

  public static final int REQUEST_TIMEOUT = 4080;
  public static final int SERVER_BUSY = 4290;
  public static final int WEBSOCKET_CONNECTION_LIMIT = 4291;
  public static final int CONNECTIONS_PER_ADDRESS = 4292;

  private RpcErrors() {}
}
