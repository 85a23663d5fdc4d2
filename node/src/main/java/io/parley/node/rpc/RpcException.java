package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A JSON-RPC error to return to the caller: code, message and optional data. */
public final class RpcException extends Exception {
  private final int code;
  private final transient Optional<JsonNode> data;

  public RpcException(int code, String message) {
    this(code, message, Optional.empty());
  }

  public RpcException(int code, String message, Optional<JsonNode> data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  public Optional<JsonNode> data() {
    return data;
  }

  public static RpcException invalidParams(String message) {
    return new RpcException(RpcErrors.INVALID_PARAMS, message);
  }
}
